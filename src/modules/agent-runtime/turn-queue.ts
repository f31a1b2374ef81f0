import type { Database } from '../../db/client.js';
import { inJobTransaction, type JobTransaction } from '../../jobs/connection.js';
import { queues, type JobQueue } from '../../jobs/job-queue.js';
import type { PullResult } from '../events/event-pump.js';
import { lockEventCursor, readEventsAfter, saveEventCursor, type StoredEvent } from '../events/events.repository.js';
import type { Handoffs } from '../tickets/handoff.js';
import type { AgentDirectory } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { AgentTurnJob } from './agent-turn.js';

export const AGENT_RUNTIME_CURSOR = 'agent-runtime';
const BATCH_SIZE = 500;

/** A job that outlives this was lost with its process: pg-boss retries it, and the turn's key makes the repeat safe. */
export const TURN_JOB_EXPIRE_SECONDS = 300;
const TURN_JOB_RETRIES = 3;

/**
 * The runtime's outbox consumer: for each committed customer `message.created` on a chat an
 * enabled agent answers (and no person has taken over), queues one turn job per chat, delayed
 * by the agent's `replyDelayMs`. The job's singleton key is the chat, so a burst of messages
 * queues one job; the turn then answers everything the customer wrote until it runs.
 */
export class TurnQueue {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly directory: AgentDirectory,
    private readonly handoffs: Handoffs,
  ) {}

  /** Creates the cursor at the current end of the events, so an upgrade does not answer old messages. */
  async initialize(): Promise<void> {
    await repository.createCursorAtEnd(this.db, AGENT_RUNTIME_CURSOR);
  }

  async queueBatch(): Promise<PullResult> {
    const delays: number[] = [];
    const result = await inJobTransaction(this.db, async (transaction) => {
      const cursor = await lockEventCursor(transaction.db, AGENT_RUNTIME_CURSOR);
      if (!cursor) return { eventIds: [], more: false };
      const events = await readEventsAfter(transaction.db, cursor, BATCH_SIZE);
      if (events.length === 0) return { eventIds: [], more: false };
      delays.push(...(await this.queueTurns(transaction, customerMessages(events))));
      await saveEventCursor(transaction.db, AGENT_RUNTIME_CURSOR, events[events.length - 1]!.position);
      return { eventIds: events.map((event) => event.id), more: events.length === BATCH_SIZE };
    });
    for (const delay of new Set(delays)) {
      if (delay === 0) this.jobs.wake(queues.agentTurn);
      else setTimeout(() => this.jobs.wake(queues.agentTurn), delay + 20).unref();
    }
    return result;
  }

  private async queueTurns(transaction: JobTransaction, chats: AgentTurnJob[]): Promise<number[]> {
    const jobs: Array<{ data: AgentTurnJob; delayMs: number; singletonKey: string }> = [];
    for (const job of chats) {
      const found = await repository.findChatForTurn(transaction.db, job.workspaceId, job.chatId);
      if (!found || found.chat.removedAt) continue;
      const agent = await this.directory.answeringAgent(transaction.db, job.workspaceId, found.chat.responderId, job.chatId);
      if (!agent) continue;
      if (await this.handoffs.isAgentPaused(transaction.db, job.workspaceId, job.chatId)) continue;
      jobs.push({ data: job, delayMs: agent.replyDelayMs, singletonKey: `${job.workspaceId}:${job.chatId}` });
    }
    await this.jobs.sendInTransaction(transaction, queues.agentTurn, jobs, {
      retryLimit: TURN_JOB_RETRIES,
      expireInSeconds: TURN_JOB_EXPIRE_SECONDS,
    });
    return jobs.map((job) => job.delayMs);
  }
}

/** One job per chat whose customer wrote in this batch. */
function customerMessages(events: StoredEvent[]): AgentTurnJob[] {
  const chats = new Map<string, AgentTurnJob>();
  for (const event of events) {
    if (event.type !== 'message.created') continue;
    const message = event.data as { chatId?: number; direction?: string; role?: string };
    if (message.direction !== 'inbound' || message.role !== 'user' || typeof message.chatId !== 'number') continue;
    chats.set(`${event.workspaceId}:${message.chatId}`, {
      workspaceId: event.workspaceId,
      workspaceUuid: event.workspaceUuid,
      chatId: message.chatId,
    });
  }
  return [...chats.values()];
}
