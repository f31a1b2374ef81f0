import type { Executor } from '../../db/client.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as chatsRepository from '../chats/chats.repository.js';
import type { ChatStatus } from '../chats/chats.schemas.js';
import { findUserByReference } from '../users/users.service.js';
import type { HandoffRequest } from './handoff.js';
import { loadTicket, recordChatUpdated, recordTicketEvent } from './ticket-events.js';
import { assertTransition, type TicketStatus } from './ticket-states.js';
import * as repository from './tickets.repository.js';
import type { Ticket } from './tickets.schemas.js';

/**
 * The handoff state machine: every change to a ticket, and what it does to its chat, happens
 * here (docs/tickets.md). Each function runs in the caller's transaction and first locks the
 * chat's row, the lock `isAgentPaused({ lock: true })` takes too: a ticket change and an
 * agent's send on the same chat never interleave.
 */

export async function lockChat(tx: Executor, tenant: Tenant, chatId: number): Promise<chatsRepository.ChatRow> {
  const chat = await chatsRepository.findChatRow(tx, tenant.workspaceId, { id: chatId }, true);
  if (!chat) throw notFound('chat', chatId);
  return chat;
}

async function setChatStatus(tx: Executor, tenant: Tenant, chat: chatsRepository.ChatRow, status: ChatStatus): Promise<void> {
  if (chat.status === status) return;
  await chatsRepository.updateChatRow(tx, tenant.workspaceId, chat.id, { status });
  await recordChatUpdated(tx, tenant, chat.id);
}

/**
 * A handoff: opens a ticket on the chat, or adds to its active one (the summary is appended,
 * metadata merged, `handoffCount` counts it). The chat becomes UNATTENDED and the agent pauses.
 */
export async function handOff(
  tx: Executor,
  tenant: Tenant,
  request: Omit<HandoffRequest, 'actor'> & { assigneeUserId?: number | null },
): Promise<{ ticket: Ticket; created: boolean }> {
  const chat = await lockChat(tx, tenant, request.chatId);
  if (chat.removedAt) throw new AppError('CONFLICT', `chat ${chat.uuid} was removed; it cannot be handed off`, { field: 'chatId' });
  const summary = request.summary.trim() || null;
  const active = await repository.findActiveTicketRow(tx, tenant.workspaceId, chat.id);
  if (active) {
    await repository.updateTicketRow(tx, tenant.workspaceId, active.id, {
      handoffCount: active.handoffCount + 1,
      summary: summary && summary !== active.summary ? [active.summary, summary].filter(Boolean).join('\n\n') : active.summary,
      metadata: { ...active.metadata, ...request.metadata },
      ...(request.assigneeUserId && active.assigneeUserId === null ? { assigneeUserId: request.assigneeUserId } : {}),
    });
    if (chat.status === 'CLOSED') await setChatStatus(tx, tenant, chat, 'UNATTENDED');
    return { ticket: await recordTicketEvent(tx, tenant, 'updated', active.id), created: false };
  }
  const row = await repository.insertTicket(tx, tenant.workspaceId, {
    chatId: chat.id,
    contactId: chat.ownerContactId,
    reason: request.reason,
    summary,
    metadata: request.metadata ?? {},
    assigneeUserId: request.assigneeUserId ?? null,
  });
  await setChatStatus(tx, tenant, chat, 'UNATTENDED');
  return { ticket: await recordTicketEvent(tx, tenant, 'created', row.id), created: true };
}

/**
 * A team member's message in the chat (role `operator`; see docs/tickets.md): the active
 * ticket moves OPEN → IN_PROGRESS, is assigned to the sender when `userId` names an active
 * team member and nobody has it yet, and the chat becomes ATTENDED. No active ticket: nothing.
 * The caller holds the chat's lock (every send path reads the chat FOR UPDATE).
 */
export async function applyOperatorReply(
  tx: Executor,
  tenant: Tenant,
  chat: chatsRepository.ChatRow,
  userReference: string | null | undefined,
): Promise<void> {
  const active = await repository.findActiveTicketRow(tx, tenant.workspaceId, chat.id);
  if (!active) return;
  const sender = await findUserByReference(tx, tenant.workspaceId, userReference);
  const assign = active.assigneeUserId === null && sender?.active ? { assigneeUserId: sender.id } : {};
  if (active.status === 'OPEN' || 'assigneeUserId' in assign) {
    await repository.updateTicketRow(tx, tenant.workspaceId, active.id, { status: 'IN_PROGRESS', ...assign });
    await recordTicketEvent(tx, tenant, 'updated', active.id);
  }
  // The send path has already moved the chat's latest message; read its status as it is now.
  const current = await lockChat(tx, tenant, chat.id);
  await setChatStatus(tx, tenant, current, 'ATTENDED');
}

/**
 * Moves a ticket along an allowed transition (409 naming the current status otherwise):
 * IN_PROGRESS makes the chat ATTENDED, CLOSED closes the chat, OPEN (a reopen) makes it
 * UNATTENDED again and pauses the agent. Moving to the status it has changes nothing.
 */
export async function moveTicket(tx: Executor, tenant: Tenant, ticketId: number, to: TicketStatus): Promise<Ticket> {
  const unlocked = await repository.findTicketRow(tx, tenant.workspaceId, { id: ticketId });
  if (!unlocked) throw notFound('ticket', ticketId);
  const chat = await lockChat(tx, tenant, unlocked.chatId);
  // Read again under the chat's lock: the status may have moved while this waited for it.
  const ticket = (await repository.findTicketRow(tx, tenant.workspaceId, { id: ticketId }))!;
  const from = ticket.status as TicketStatus;
  if (from === to && to !== 'CLOSED') return loadTicket(tx, tenant, ticket.id);
  assertTransition(ticket.uuid, from, to);
  if (to === 'OPEN') {
    const other = await repository.findActiveTicketRow(tx, tenant.workspaceId, chat.id);
    if (other) {
      throw new AppError('CONFLICT', `ticket ${ticket.uuid} is CLOSED and its chat already has an active ticket ${other.uuid}`, {
        field: 'status',
        currentStatus: from,
        activeTicketId: other.uuid,
      });
    }
  }
  await repository.updateTicketRow(tx, tenant.workspaceId, ticket.id, {
    status: to,
    closedAt: to === 'CLOSED' ? new Date() : null,
  });
  await setChatStatus(tx, tenant, chat, to === 'CLOSED' ? 'CLOSED' : to === 'IN_PROGRESS' ? 'ATTENDED' : 'UNATTENDED');
  return recordTicketEvent(tx, tenant, to === 'CLOSED' ? 'closed' : 'updated', ticket.id);
}

/**
 * Whether an agent must stay quiet on the chat: it has an active ticket, its contact is
 * blocked, it was removed, or a ticket closed on it and its responder does not resume after
 * close (`resumeAfterClose` off).
 */
export async function isAgentPaused(tx: Executor, workspaceId: number, chatId: number, lock: boolean): Promise<boolean> {
  const gate = await repository.findAgentGate(tx, workspaceId, chatId, lock);
  if (!gate) throw notFound('chat', chatId);
  return gatePaused(gate);
}

/** Of the chats, those an agent must not answer (isAgentPaused without the lock, in one query); missing chats count as paused. */
export async function findPausedChats(tx: Executor, workspaceId: number, chatIds: number[]): Promise<Set<number>> {
  const gates = await repository.findAgentGates(tx, workspaceId, chatIds);
  const open = new Set(gates.filter((gate) => !gatePaused(gate)).map((gate) => gate.chatId));
  return new Set(chatIds.filter((id) => !open.has(id)));
}

function gatePaused(gate: NonNullable<Awaited<ReturnType<typeof repository.findAgentGate>>>): boolean {
  if (gate.hasActiveTicket || gate.blockedAt !== null || gate.removedAt !== null) return true;
  return !gate.resumeAfterClose && gate.hasClosedTicket;
}
