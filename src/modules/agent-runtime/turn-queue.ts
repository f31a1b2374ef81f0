import { z } from 'zod';
import { defineJob } from '../../jobs/define-job.js';
import { defineConsumer, type ConsumedEvent } from '../events/consumers.js';
import { handoffs } from '../tickets/handoffs.js';
import { findAnsweringAgent, type AnsweringAgent } from './agent-settings.js';
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
    // A few queries per workspace in the batch, not per chat: the batch commits (and its jobs
    // become visible to the workers) only once every chat in it has been looked at.
    for (const wanted of byWorkspace(customerMessages(events))) {
      const { workspaceId } = wanted[0]!;
      const chatIds = wanted.map((job) => job.chatId);
      const chats = await repository.findLiveChatResponders(transaction.db, workspaceId, chatIds);
      const responders = new Map(chats.map((chat) => [chat.id, chat.responderId]));
      const paused = await handoffs.pausedChats(transaction.db, workspaceId, chatIds);
      // The answering agent's `enabled` and `replyDelayMs` are the responder's, whatever the chat.
      const agents = new Map<number, Promise<AnsweringAgent | null>>();
      for (const job of wanted) {
        const responderId = responders.get(job.chatId);
        if (responderId === undefined || paused.has(job.chatId)) continue;
        if (!agents.has(responderId)) {
          agents.set(responderId, findAnsweringAgent(services.agents, transaction.db, workspaceId, responderId, job.chatId));
        }
        const agent = await agents.get(responderId)!;
        if (!agent) continue;
        jobs.push({ data: job, delayMs: agent.replyDelayMs, singletonKey: `${job.workspaceId}:${job.chatId}` });
      }
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

function byWorkspace(jobs: AgentTurnJob[]): AgentTurnJob[][] {
  const groups = new Map<number, AgentTurnJob[]>();
  for (const job of jobs) {
    const group = groups.get(job.workspaceId);
    if (group) group.push(job);
    else groups.set(job.workspaceId, [job]);
  }
  return [...groups.values()];
}

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
