import type { Executor } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { loadChat } from '../chats/chat-writes.js';
import { recordEvent } from '../events/events.js';
import type { HandoffReason } from './handoff.js';
import type { TicketStatus } from './ticket-states.js';
import * as repository from './tickets.repository.js';
import type { Ticket } from './tickets.schemas.js';

/** The only place the tickets module records events: `ticket.created|updated|closed` and the chat it moved. */
export async function recordTicketEvent(
  tx: Executor,
  tenant: Tenant,
  action: 'created' | 'updated' | 'closed',
  ticketId: number,
): Promise<Ticket> {
  const ticket = await loadTicket(tx, tenant, ticketId);
  await recordEvent(tx, tenant, `ticket.${action}`, ticket);
  return ticket;
}

export async function recordChatUpdated(tx: Executor, tenant: Tenant, chatId: number): Promise<void> {
  await recordEvent(tx, tenant, 'chat.updated', await loadChat(tx, tenant, chatId));
}

export async function loadTicket(db: Executor, tenant: Tenant, id: number): Promise<Ticket> {
  const view = await repository.findTicketView(db, tenant.workspaceId, id);
  if (!view) throw new AppError('INTERNAL', `ticket ${id} vanished while being read`);
  return toTicket(tenant, view);
}

export function toTicket(tenant: Tenant, view: repository.TicketViewRow): Ticket {
  const { ticket } = view;
  return {
    id: ticket.id,
    uuid: ticket.uuid,
    tenantId: tenant.workspaceUuid,
    chatId: ticket.chatId,
    chatUuid: view.chatUuid,
    contactId: ticket.contactId,
    contactUuid: view.contactUuid,
    status: ticket.status as TicketStatus,
    reason: ticket.reason as HandoffReason,
    summary: ticket.summary,
    handoffCount: ticket.handoffCount,
    assigneeUserId: ticket.assigneeUserId,
    assigneeUserUuid: view.assigneeUuid,
    metadata: ticket.metadata,
    createdAt: ticket.createdAt,
    updatedAt: ticket.updatedAt,
    closedAt: ticket.closedAt,
  };
}
