import type { Database, Executor } from '../../db/client.js';
import { inJobTransaction, type JobTransaction } from '../../jobs/connection.js';
import { actorOf } from '../../shared/actor.js';
import { AppError } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import type { CapturesService } from '../captures/captures.service.js';
import * as channelsRepository from '../channels/channels.repository.js';
import { loadChat } from '../chats/chat-writes.js';
import * as chatsRepository from '../chats/chats.repository.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { appendMessage } from '../messages/message-writes.js';
import type { MessagingDependencies } from '../messages/messages.service.js';
import { planFreeFormSend } from '../messages/outbound-plan.js';
import { recordEvent } from '../events/events.js';
import type { TasksService } from '../tasks/tasks.service.js';
import type { HandoffReason, Handoffs } from '../tickets/handoff.js';
import { agentRunFields, type AgentRun } from './agent-run.js';
import type { AnsweringAgent } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { AgentRunRow, NewAgentRun } from './agent-runs.repository.js';
import type { RecordedToolCall } from './agent-runs.table.js';
import type { ToolCall } from './provider.js';

/** What a turn decided, to be applied and sent in one transaction. */
export interface TurnDecision {
  text: string | null;
  toolCalls: ToolCall[];
  recorded: RecordedToolCall[];
  handoff: { reason: HandoffReason; summary: string } | null;
  run: Partial<NewAgentRun>;
  failed: boolean;
}

export interface SendDependencies {
  db: Database;
  handoffs: Handoffs;
  captures: CapturesService;
  tasks: TasksService;
  messaging: MessagingDependencies;
}

/** The claimer lost the run to another (its lease ran out): everything it wrote is rolled back. */
class LostClaim extends Error {}

/**
 * Applies a turn's decision and sends its reply in ONE transaction that first locks the chat
 * and re-checks that the agent may answer: a handoff committed while the provider was
 * thinking wins, and no reply goes out. The run row is finished in the same transaction, only
 * if this claimer still holds it, so a burst is answered once whatever races.
 */
export async function applyTurn(
  dependencies: SendDependencies,
  tenant: Tenant,
  turnChat: { id: number; channelType: string | null },
  agent: AnsweringAgent,
  run: AgentRunRow,
  decision: TurnDecision,
): Promise<{ run: AgentRunRow | undefined; sendMessageId?: number }> {
  const { db, handoffs } = dependencies;
  const chatId = turnChat.id;
  try {
    // READ COMMITTED (the default), as isAgentPaused with its lock requires (docs/tickets.md):
    // the chat's row lock is taken first, with the row itself, and the gate is read after it,
    // in a statement of its own, so it sees any handoff committed before the lock was granted.
    return await inJobTransaction(db, async (transaction) => {
      const tx = transaction.db;
      const chat = await chatsRepository.findChatRow(tx, tenant.workspaceId, { id: chatId }, true);
      const paused = !chat || (await handoffs.isAgentPaused(tx, tenant.workspaceId, chatId));
      if (paused || !chat || chat.removedAt) {
        const finished = await finish(tx, tenant, run, { ...decision.run, status: 'paused', outcome: 'suppressed' }, 'agent.run.completed');
        return { run: finished };
      }
      const recorded = [...decision.recorded];
      const applied = await applyTools(tx, dependencies, tenant, chat, turnChat.channelType ?? 'api', agent, decision.toolCalls, recorded);
      let replyMessageId: number | null = null;
      let sendMessageId: number | undefined;
      let sendError: string | null = null;
      if (decision.text) {
        const sent = await sendReply(transaction, dependencies, tenant, chat, agent, run, decision.text).catch((error: unknown) => {
          if (error instanceof AppError && error.code !== 'INTERNAL') return { error: error.message };
          throw error;
        });
        if ('error' in sent) sendError = sent.error;
        else ({ replyMessageId, sendMessageId } = sent);
      }
      const handoff = decision.handoff ?? applied.handoff;
      if (handoff) {
        await handoffs.requestHandoff(tx, tenant.workspaceId, { chatId, ...handoff, actor: actorOf('agent', agent.agentUuid) });
      }
      if (applied.close && !handoff) await closeChat(tx, tenant, chat.id);
      const outcome = sendError ? 'not_sent' : decision.failed ? 'fallback' : handoff ? 'handoff' : replyMessageId ? 'answered' : 'acted';
      const values = { ...decision.run, toolCalls: recorded, replyMessageId, outcome, error: sendError ?? decision.run.error ?? null };
      const failed = decision.failed || sendError !== null;
      const finished = await finish(
        tx,
        tenant,
        run,
        { ...values, status: failed ? 'failed' : 'completed' },
        failed ? 'agent.run.failed' : 'agent.run.completed',
      );
      return { run: finished, sendMessageId };
    });
  } catch (error) {
    if (error instanceof LostClaim) return { run: undefined };
    throw error;
  }
}

async function finish(
  tx: Executor,
  tenant: Tenant,
  run: AgentRunRow,
  values: Partial<NewAgentRun>,
  event: 'agent.run.completed' | 'agent.run.failed',
): Promise<AgentRunRow> {
  const finished = await repository.finishRun(tx, tenant.workspaceId, run.id, run.claimToken, values);
  if (!finished) throw new LostClaim();
  await recordEvent(tx, tenant, event, toRunEvent(tenant, finished));
  return finished;
}

/** The reply, stored through the chat's send path; on a channel that sends, its durable send is queued with it. */
async function sendReply(
  transaction: JobTransaction,
  { messaging }: SendDependencies,
  tenant: Tenant,
  chat: ChatRow,
  agent: AnsweringAgent,
  run: AgentRunRow,
  text: string,
): Promise<{ replyMessageId: number; sendMessageId?: number }> {
  const tx = transaction.db;
  const channel =
    chat.channelId === null ? undefined : (await channelsRepository.findChannelRowsByIds(tx, tenant.workspaceId, [chat.channelId]))[0];
  const metadata = { agentRunId: run.uuid, agentId: agent.agentUuid, responderVersionId: agent.versionUuid };
  const plan = await planFreeFormSend(tx, tenant, chat, channel, { content: text, role: 'assistant', metadata }, messaging.media);
  const message = (await appendMessage(tx, tenant, chat, plan.message, channel))!;
  if (!plan.deliver) return { replyMessageId: message.id };
  await messaging.sends.queue(transaction, tenant, message.id);
  return { replyMessageId: message.id, sendMessageId: message.id };
}

/** Capture, task and close calls, through the domain; a call that cannot be applied is recorded, never half-applied. */
async function applyTools(
  tx: Executor,
  { captures, tasks }: SendDependencies,
  tenant: Tenant,
  chat: ChatRow,
  channelType: string,
  agent: AnsweringAgent,
  calls: ToolCall[],
  recorded: RecordedToolCall[],
): Promise<{ handoff: { reason: HandoffReason; summary: string } | null; close: boolean }> {
  let handoff: { reason: HandoffReason; summary: string } | null = null;
  let close = false;
  for (const call of calls) {
    if (call.name === 'capture_contact') {
      const data = call.arguments;
      const { capture, rejected } = await captures.applyCapture(tx, tenant, {
        agentId: agent.agentId,
        chatId: chat.id,
        channel: channelType,
        contactId: chat.ownerContactId,
        data,
      });
      const error = rejected.map((field) => `${field.field}: ${field.error}`).join('; ') || undefined;
      recorded.push({ name: call.name, arguments: data, outcome: capture ? 'applied' : 'rejected', ...(error ? { error } : {}) });
    } else if (call.name === 'create_task') {
      const objective = typeof call.arguments.objective === 'string' ? call.arguments.objective.trim() : '';
      if (!objective) {
        recorded.push({ name: call.name, arguments: call.arguments, outcome: 'rejected', error: 'objective: must be non-empty text' });
        continue;
      }
      const title = typeof call.arguments.title === 'string' ? call.arguments.title.slice(0, 200) : null;
      const assignee = { type: 'ai_employee' as const, id: agent.agentUuid };
      await tasks.createTaskIn(tx, tenant, { title, objective: objective.slice(0, 2000), createdBy: assignee, assignedTo: assignee });
      recorded.push({ name: call.name, arguments: call.arguments, outcome: 'applied' });
    } else if (call.name === 'handoff_to_human') {
      const summary = typeof call.arguments.summary === 'string' ? call.arguments.summary : '';
      const reason = (call.arguments.reason as HandoffReason | undefined) ?? 'customer_asked';
      handoff = {
        reason: ['customer_asked', 'agent_could_not_answer', 'keyword', 'manual'].includes(reason) ? reason : 'customer_asked',
        summary,
      };
      recorded.push({ name: call.name, arguments: call.arguments, outcome: 'applied' });
    } else if (call.name === 'close_chat') {
      close = true;
      recorded.push({ name: call.name, arguments: call.arguments, outcome: 'applied' });
    } else {
      recorded.push({ name: call.name, arguments: call.arguments, outcome: 'skipped' });
    }
  }
  return { handoff, close };
}

async function closeChat(tx: Executor, tenant: Tenant, chatId: number) {
  await chatsRepository.updateChatRow(tx, tenant.workspaceId, chatId, { status: 'CLOSED' });
  await recordEvent(tx, tenant, 'chat.updated', await loadChat(tx, tenant, chatId));
}

/** A run as its events carry it. */
export function toRunEvent(tenant: Tenant, run: AgentRunRow): AgentRun {
  return { ...agentRunFields(run), tenantId: tenant.workspaceUuid };
}
