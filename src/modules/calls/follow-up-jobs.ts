import type { JobTransaction } from '../../jobs/connection.js';
import { queues, type JobQueue } from '../../jobs/job-queue.js';

export interface CallFollowUpJob {
  workspaceId: number;
  callId: number;
}

/** Queues a call's follow-up (transcription, analysis) in the caller's transaction. */
export async function queueCallFollowUp(transaction: JobTransaction, jobs: JobQueue, job: CallFollowUpJob): Promise<void> {
  await jobs.sendInTransaction(transaction, queues.callFollowUp, [{ data: job }], { retryLimit: 5, expireInSeconds: 600 });
}
