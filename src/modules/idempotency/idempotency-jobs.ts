import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';

/** Deletes idempotency keys past their expiry. */
export const idempotencyPurgeJob = defineJob({
  name: 'idempotency-keys-purge',
  schema: z.object({}),
  concurrency: 1,
  schedule: '*/15 * * * *',
  async handler(_data, { services, log }) {
    const purged = await services.idempotency.purgeExpired();
    if (purged > 0) log.info({ purged }, 'purged expired idempotency keys');
  },
});
