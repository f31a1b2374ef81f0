import type { JobTransaction } from '../../jobs/connection.js';
import { queues, type JobQueue } from '../../jobs/job-queue.js';

/** The job of one delivery attempt. */
export interface DeliveryJob {
  workspaceId: number;
  deliveryId: number;
  /**
   * Which attempt this job makes (1 for the first). A job whose attempt no longer follows the
   * delivery's count is stale (a replay or a concurrent run already made it) and does nothing.
   */
  attempt: number;
}

/** Schedules attempts in the caller's transaction; call `wakeDeliveryWorkers` after it commits. */
export async function scheduleDeliveryJobs(
  queue: JobQueue,
  transaction: JobTransaction,
  jobs: { job: DeliveryJob; delayMs?: number }[],
  timeoutMs: number,
): Promise<void> {
  await queue.sendInTransaction(
    transaction,
    queues.webhookDelivery,
    jobs.map(({ job, delayMs }) => ({ data: job, delayMs })),
    // pg-boss's own retries cover a worker that died mid-attempt; failed HTTP calls are
    // rescheduled by the deliverer with its own backoff.
    { retryLimit: 3, expireInSeconds: Math.ceil(timeoutMs / 1000) + 60 },
  );
}

export function wakeDeliveryWorkers(queue: JobQueue): void {
  queue.wake(queues.webhookDelivery);
}

/**
 * The wait before the next attempt: exponential from the base, capped, with jitter so the
 * deliveries that failed together (a receiver that went down) do not all come back at once.
 */
export function retryDelayMs(failedAttempts: number, options: { retryBaseMs: number; retryMaxMs: number }, random = Math.random): number {
  const exponential = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exponential * (0.5 + random() * 0.5));
}
