import { z } from 'zod';
import type { JobTransaction } from '../../jobs/connection.js';
import { defineJob } from '../../jobs/define-job.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { webhookOptionsOf } from '../../jobs/platform-services.js';
import { WebhookDeliverer } from './deliverer.js';

const deliveryJobSchema = z.object({
  workspaceId: z.number().int(),
  deliveryId: z.number().int(),
  /**
   * Which attempt this job makes (1 for the first). A job whose attempt no longer follows the
   * delivery's count is stale (a replay or a concurrent run already made it) and does nothing.
   */
  attempt: z.number().int().min(1),
});

/** The job of one delivery attempt. */
export type DeliveryJob = z.infer<typeof deliveryJobSchema>;

/** One attempt at one webhook delivery. */
export const webhookDeliveryJob = defineJob({
  name: 'webhook-delivery',
  schema: deliveryJobSchema,
  concurrency: (config) => config.WEBHOOK_CONCURRENCY,
  handler: (job, { db, services, config }) => new WebhookDeliverer(db, services.jobs, webhookOptionsOf(config)).attempt(job),
});

/** Schedules attempts in the caller's transaction; call `wakeDeliveryWorkers` after it commits. */
export async function scheduleDeliveryJobs(
  queue: JobQueue,
  transaction: JobTransaction,
  jobs: { job: DeliveryJob; delayMs?: number }[],
  timeoutMs: number,
): Promise<void> {
  await webhookDeliveryJob.send(
    queue,
    transaction,
    jobs.map(({ job, delayMs }) => ({ data: job, delayMs })),
    // pg-boss's own retries cover a worker that died mid-attempt; failed HTTP calls are
    // rescheduled by the deliverer with its own backoff.
    { retryLimit: 3, expireInSeconds: Math.ceil(timeoutMs / 1000) + 60 },
  );
}

export function wakeDeliveryWorkers(queue: JobQueue): void {
  webhookDeliveryJob.wake(queue);
}

/**
 * The wait before the next attempt: exponential from the base, capped, with jitter so the
 * deliveries that failed together (a receiver that went down) do not all come back at once.
 */
export function retryDelayMs(failedAttempts: number, options: { retryBaseMs: number; retryMaxMs: number }, random = Math.random): number {
  const exponential = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
