import type { HandoffReason } from './handoff.js';
import type { TicketStatus } from './ticket-states.js';

export const handoffReasons = ['customer_asked', 'agent_could_not_answer', 'keyword', 'manual'] as const satisfies readonly HandoffReason[];

export interface Ticket {
  id: number;
  uuid: string;
  tenantId: string;
  chatId: number;
  chatUuid: string;
  contactId: number;
  contactUuid: string;
  status: TicketStatus;
  reason: HandoffReason;
  summary: string | null;
  /** Handoff requests this ticket absorbed: 1, plus one per request made while it was active. */
  handoffCount: number;
  assigneeUserId: number | null;
  assigneeUserUuid: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export interface TicketFilters {
  statuses?: TicketStatus[];
  assigneeUserId?: number;
  chatUuid?: string;
  contactId?: number;
  createdAfter?: Date;
  createdBefore?: Date;
}

/** A write to a ticket: absent fields stay as they are; `metadata` merges (null removes a key). */
export interface TicketChanges {
  status?: TicketStatus;
  summary?: string | null;
  assigneeUserId?: number | null;
  metadata?: Record<string, unknown>;
}
