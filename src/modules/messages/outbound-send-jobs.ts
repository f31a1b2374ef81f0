import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { definePoller } from '../../jobs/define-poller.js';

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

/**
 * Sends outbound messages left pending whose sender died (a claim older than the claim
 * timeout) or whose job was lost: every background process, every 15 s.
 */
export const outboundSendSweep = definePoller({
  name: 'outbound-send-sweep',
  pollMs: 15_000,
  async runBatch({ services, log }) {
    const sent = await services.outboundSends.sweep();
    if (sent > 0) log.warn({ sent }, 'sent outbound messages left pending whose send was lost');
    return { more: false };
  },
});
