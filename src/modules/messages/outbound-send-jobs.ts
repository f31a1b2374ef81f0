import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';

/** Outbound sends one server process makes at a time (each waits on its provider). */
const OUTBOUND_SEND_CONCURRENCY = 4;

/** Sends one outbound message the request that stored it did not (see outbound-sends.ts). */
export const outboundSendJob = defineJob({
  name: 'outbound-send',
  schema: z.object({ workspaceId: z.number().int(), workspaceUuid: z.string(), messageId: z.number().int() }),
  concurrency: OUTBOUND_SEND_CONCURRENCY,
  options: { retryLimit: 10 },
  async handler(job, { services }) {
    await services.outboundSends.runJob(job);
  },
});

export type OutboundSendJob = z.infer<typeof outboundSendJob.schema>;

/** Sends outbound messages left pending whose job was lost or ran out of retries. */
export const outboundSendSweepJob = defineJob({
  name: 'outbound-send-sweep',
  schema: z.object({}),
  concurrency: 1,
  schedule: '* * * * *',
  async handler(_data, { services, log }) {
    const sent = await services.outboundSends.sweep();
    if (sent > 0) log.warn({ sent }, 'sent outbound messages left pending whose send was lost');
  },
});
