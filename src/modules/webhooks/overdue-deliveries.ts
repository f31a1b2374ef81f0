import type { Database } from '../../db/client.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { deliveryLeaseMs } from './deliverer.js';
import { claimOverdueDeliveries } from './deliveries.repository.js';
import { scheduleDeliveryJobs, wakeDeliveryWorkers } from './delivery-jobs.js';

/** Longer than any wait a healthy queue makes a due attempt do. */
const GRACE_MS = 15 * 60_000;
const BATCH_SIZE = 1_000;

/**
 * The safety net under "no event lost": gives a new job to pending deliveries whose worker
 * died during the attempt (its claim outlived the lease: taken over within a lease and a sweep
 * interval, well under a minute) or whose attempt is long overdue (its job was lost). A job
 * that turns out not to be lost after all is harmless: the attempt's claim lets one worker
 * make it, and a job finding it made does nothing.
 */
export async function rescheduleOverdueDeliveries(
  db: Database,
  queue: JobQueue,
  options: { timeoutMs: number; graceMs?: number },
): Promise<number> {
  const rescheduled = await inJobTransaction(db, async (transaction) => {
    const overdue = await claimOverdueDeliveries(transaction.db, options.graceMs ?? GRACE_MS, BATCH_SIZE, deliveryLeaseMs(options));
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
