import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { defineConsumer, type ConsumedEvent } from '../events/consumers.js';
import { handoffs } from '../tickets/handoffs.js';
import { findAnsweringAgent } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';

/** A job that outlives this was lost with its process: pg-boss retries it, and the turn's key makes the repeat safe. */
const TURN_JOB_EXPIRE_SECONDS = 300;

const turnJobSchema = z.object({
  workspaceId: z.number().int().positive(),
  workspaceUuid: z.uuid(),
  chatId: z.number().int().positive(),
});

/** A queued turn: answer whatever the chat's customer wrote since the last answer. */
export type AgentTurnJob = z.infer<typeof turnJobSchema>;

/**
 * One agent turn on one chat (AgentTurns.runTurn). The queue is `short` and the singleton key
 * is the chat: a burst of customer messages leaves one waiting job, which answers them all.
 */
export const agentTurnJob = defineJob({
  name: 'agent-turn',
  schema: turnJobSchema,
  concurrency: (config) => config.AGENT_TURN_CONCURRENCY,
  policy: 'short',
  options: { retryLimit: 3, expireInSeconds: TURN_JOB_EXPIRE_SECONDS },
  async handler(job, { services }) {
    await services.agentTurns.runTurn(job);
  },
});

/**
 * The runtime's outbox consumer: for each committed customer `message.created` on a chat an
 * enabled agent answers (and no person has taken over), queues the chat's turn, delayed by
 * the agent's `replyDelayMs`. Starts at the newest event, so an upgrade does not answer old messages.
 */
export const agentTurnConsumer = defineConsumer({
  name: 'agent-runtime',
  types: ['message.created'],
  startAt: 'now',
  async handle(events, { transaction, services, afterCommit }) {
    const jobs: Array<{ data: AgentTurnJob; delayMs: number; singletonKey: string }> = [];
    for (const job of customerMessages(events)) {
      const found = await repository.findChatForTurn(transaction.db, job.workspaceId, job.chatId);
      if (!found || found.chat.removedAt) continue;
      const agent = await findAnsweringAgent(services.agents, transaction.db, job.workspaceId, found.chat.responderId, job.chatId);
      if (!agent) continue;
      if (await handoffs.isAgentPaused(transaction.db, job.workspaceId, job.chatId)) continue;
      jobs.push({ data: job, delayMs: agent.replyDelayMs, singletonKey: `${job.workspaceId}:${job.chatId}` });
    }
    await agentTurnJob.send(services.jobs, transaction, jobs);
    afterCommit(() => {
      for (const delay of new Set(jobs.map((job) => job.delayMs))) {
        if (delay === 0) agentTurnJob.wake(services.jobs);
        else setTimeout(() => agentTurnJob.wake(services.jobs), delay + 20).unref();
      }
    });
  },
});

/** One job per chat whose customer wrote in this batch. */
function customerMessages(events: ConsumedEvent<'message.created'>[]): AgentTurnJob[] {
  const chats = new Map<string, AgentTurnJob>();
  for (const event of events) {
    const message = event.data;
    if (message.direction !== 'inbound' || message.role !== 'user') continue;
    chats.set(`${event.workspaceId}:${message.chatId}`, {
      workspaceId: event.workspaceId,
      workspaceUuid: event.workspaceUuid,
      chatId: message.chatId,
    });
  }
  return [...chats.values()];
}
