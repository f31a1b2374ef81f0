import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { webhookOptionsOf } from '../../jobs/platform-services.js';
import { rescheduleOverdueDeliveries } from './overdue-deliveries.js';

/** Gives a new job to pending deliveries whose job was lost (see overdue-deliveries.ts). */
export const webhookDeliverySweepJob = defineJob({
  name: 'webhook-delivery-sweep',
  schema: z.object({}),
  concurrency: 1,
  schedule: '*/5 * * * *',
  async handler(_data, { db, services, config, log }) {
    const rescheduled = await rescheduleOverdueDeliveries(db, services.jobs, webhookOptionsOf(config));
    if (rescheduled > 0) log.warn({ rescheduled }, 'rescheduled overdue webhook deliveries whose job was lost');
  },
});
