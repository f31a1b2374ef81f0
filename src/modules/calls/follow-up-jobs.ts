import { z } from 'zod';
import type { JobTransaction } from '../../jobs/connection.js';
import { defineJob } from '../../jobs/define-job.js';
import type { JobQueue } from '../../jobs/job-queue.js';

const followUpSchema = z.object({ workspaceId: z.number().int(), callId: z.number().int() });
export type CallFollowUpJob = z.infer<typeof followUpSchema>;

/** After a call's final report: transcription, analysis, the voice chat and a callback task. A repeat is a no-op. */
export const callFollowUpJob = defineJob({
  name: 'call-follow-up',
  schema: followUpSchema,
  concurrency: 2,
  // Deepgram and the analysis model may be slow; a dead worker's job runs again after this.
  options: { retryLimit: 5, expireInSeconds: 600 },
  handler: (job, { services }) => services.callFollowUp.run(job.workspaceId, job.callId),
});

/** Queues a call's follow-up in the caller's transaction; call `wakeCallFollowUp` after it commits. */
export async function queueCallFollowUp(transaction: JobTransaction, jobs: JobQueue, job: CallFollowUpJob): Promise<void> {
  await callFollowUpJob.send(jobs, transaction, [{ data: job }]);
}

export function wakeCallFollowUp(jobs: JobQueue): void {
  callFollowUpJob.wake(jobs);
}
