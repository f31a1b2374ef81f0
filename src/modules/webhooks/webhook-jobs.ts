import { definePoller } from '../../jobs/define-poller.js';
import { webhookOptionsOf } from '../../jobs/platform-services.js';
import { rescheduleOverdueDeliveries } from './overdue-deliveries.js';

/** How often every process sweeps: a dead worker's delivery is taken over within its lease and this. */
export const DELIVERY_SWEEP_MS = 15_000;

/**
 * Gives a new job to pending deliveries whose worker died or whose job was lost (see
 * overdue-deliveries.ts). A poller, run by every background process every 15 s (rows are
 * claimed with SKIP LOCKED), rather than a cron job that pg-boss runs at most once a minute.
 */
export const webhookDeliverySweep = definePoller({
  name: 'webhook-delivery-sweep',
  pollMs: DELIVERY_SWEEP_MS,
  async runBatch({ db, services, config, log }) {
    const rescheduled = await rescheduleOverdueDeliveries(db, services.jobs, webhookOptionsOf(config));
    if (rescheduled > 0) log.warn({ rescheduled }, 'rescheduled webhook deliveries whose worker died or whose job was lost');
    return { more: false };
  },
});
