import type { Database } from '../../db/client.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { claimOverdueDeliveries } from './deliveries.repository.js';
import { scheduleDeliveryJobs, wakeDeliveryWorkers } from './delivery-jobs.js';

/** Longer than any wait a healthy queue makes a due attempt do. */
const GRACE_MS = 15 * 60_000;
const BATCH_SIZE = 1_000;

/**
 * The safety net under "no event lost": gives a new job to pending deliveries whose attempt
 * is long overdue. A job that turns out not to be lost after all is harmless: whichever runs
 * second sees the attempt already made and does nothing.
 */
export async function rescheduleOverdueDeliveries(
  db: Database,
  queue: JobQueue,
  options: { timeoutMs: number; graceMs?: number },
): Promise<number> {
  const rescheduled = await inJobTransaction(db, async (transaction) => {
    const overdue = await claimOverdueDeliveries(transaction.db, options.graceMs ?? GRACE_MS, BATCH_SIZE);
    await scheduleDeliveryJobs(
      queue,
      transaction,
      overdue.map(({ workspaceId, id, attempts }) => ({ job: { workspaceId, deliveryId: id, attempt: attempts + 1 } })),
      options.timeoutMs,
    );
    return overdue.length;
  });
  if (rescheduled > 0) wakeDeliveryWorkers(queue);
  return rescheduled;
}
