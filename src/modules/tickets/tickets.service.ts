import type { Database } from '../../db/client.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import { decodePageToken, encodePageToken, queryFingerprint, type Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import * as chatsRepository from '../chats/chats.repository.js';
import { assignableUser } from '../users/users.service.js';
import type { HandoffReason } from './handoff.js';
import { handOff, lockChat, moveTicket } from './handoff-machine.js';
import { loadTicket, recordTicketEvent, toTicket } from './ticket-events.js';
import * as repository from './tickets.repository.js';
import type { Ticket, TicketChanges, TicketFilters } from './tickets.schemas.js';

export interface ManualHandoffInput {
  chatUuid: string;
  reason?: HandoffReason;
  summary?: string | null;
  assigneeUserId?: number | null;
  metadata?: Record<string, unknown>;
}

/** Tickets over the API: reads, manual handoffs, and changes that go through the state machine. */
export class TicketsService {
  constructor(private readonly db: Database) {}

  /** A manual handoff: a new ticket, or the chat's active one with this request added (`created` false). */
  async createTicket(tenant: Tenant, input: ManualHandoffInput): Promise<{ ticket: Ticket; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const chat = await chatsRepository.findChatRow(tx, tenant.workspaceId, { uuid: input.chatUuid });
      if (!chat) throw notFound('chat', input.chatUuid);
      if (input.assigneeUserId) await assignableUser(tx, tenant.workspaceId, input.assigneeUserId);
      return handOff(tx, tenant, {
        chatId: chat.id,
        reason: input.reason ?? 'manual',
        summary: input.summary ?? '',
        metadata: input.metadata,
        assigneeUserId: input.assigneeUserId,
      });
    });
  }

  async getTicket(tenant: Tenant, uuid: string): Promise<Ticket> {
    const row = await repository.findTicketRow(this.db, tenant.workspaceId, { uuid });
    if (!row) throw notFound('ticket', uuid);
    return loadTicket(this.db, tenant, row.id);
  }

  async findTickets(tenant: Tenant, filters: TicketFilters, page: { limit: number; pageToken?: string }): Promise<Page<Ticket>> {
    const fingerprint = queryFingerprint({ list: 'tickets', filters });
    const beforeId = page.pageToken ? Number(decodePageToken(page.pageToken, tenant.workspaceId, fingerprint, 1)[0]) : undefined;
    const { rows, total } = await repository.findTicketViews(this.db, tenant.workspaceId, filters, { limit: page.limit + 1, beforeId });
    const items = rows.slice(0, page.limit).map((row) => toTicket(tenant, row));
    const last = items.at(-1);
    const nextPageToken = rows.length > page.limit && last ? encodePageToken(tenant.workspaceId, fingerprint, [last.id]) : null;
    return { items, nextPageToken, totalCount: total };
  }

  /** Summary, metadata and assignee change in place; a status change is a transition (409 when not allowed). */
  async updateTicket(tenant: Tenant, uuid: string, changes: TicketChanges): Promise<Ticket> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findTicketRow(tx, tenant.workspaceId, { uuid });
      if (!current) throw notFound('ticket', uuid);
      await lockChat(tx, tenant, current.chatId);
      const row = (await repository.findTicketRow(tx, tenant.workspaceId, { id: current.id }))!;
      const values: Partial<repository.TicketValues> = {};
      if (changes.summary !== undefined) values.summary = changes.summary;
      if (changes.metadata !== undefined) values.metadata = mergeMetadata(row.metadata, changes.metadata);
      if (changes.assigneeUserId !== undefined) {
        values.assigneeUserId =
          changes.assigneeUserId === null ? null : (await assignableUser(tx, tenant.workspaceId, changes.assigneeUserId)).id;
      }
      if (Object.keys(values).length > 0) {
        await repository.updateTicketRow(tx, tenant.workspaceId, row.id, values);
        if (changes.status === undefined || changes.status === row.status) return recordTicketEvent(tx, tenant, 'updated', row.id);
      }
      if (changes.status === undefined) return loadTicket(tx, tenant, row.id);
      return moveTicket(tx, tenant, row.id, changes.status);
    });
  }

  async assignTicket(tenant: Tenant, uuid: string, userId: number | null): Promise<Ticket> {
    return this.updateTicket(tenant, uuid, { assigneeUserId: userId });
  }

  async closeTicket(tenant: Tenant, uuid: string): Promise<Ticket> {
    return this.transition(tenant, uuid, 'CLOSED');
  }

  async reopenTicket(tenant: Tenant, uuid: string): Promise<Ticket> {
    return this.transition(tenant, uuid, 'OPEN');
  }

  private async transition(tenant: Tenant, uuid: string, to: 'OPEN' | 'CLOSED'): Promise<Ticket> {
    return this.db.transaction(async (tx) => {
      const row = await repository.findTicketRow(tx, tenant.workspaceId, { uuid });
      if (!row) throw notFound('ticket', uuid);
      if (to === 'OPEN' && row.status !== 'CLOSED') {
        throw new AppError('CONFLICT', `ticket ${uuid} is ${row.status}; only a CLOSED ticket can be reopened`, {
          field: 'status',
          currentStatus: row.status,
        });
      }
      return moveTicket(tx, tenant, row.id, to);
    });
  }
}

function mergeMetadata(current: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(changes)) {
    if (key.length > 200) throw invalid(`metadata.${key.slice(0, 20)}…`, 'keys are at most 200 characters');
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
