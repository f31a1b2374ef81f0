import type { Database } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { toTicket } from '../tickets/ticket-events.js';
import { findContactTicketViews } from '../tickets/tickets.repository.js';
import type { Ticket } from '../tickets/tickets.schemas.js';
import * as repository from './ai-contacts.repository.js';

/** 001's platform values, from our channel types (docs/tickets.md). */
const platformOfChannel: Record<string, string> = {
  whatsapp: 'whatsapp',
  waha: 'whatsapp',
  instagram: 'instagram',
  widget: 'webchat',
  api: 'webchat',
  slack: 'webchat',
  tiktok: 'tiktok',
  sms: 'sms',
  messenger: 'messenger',
  voice: 'voice',
};

/** 001's AI contact: a contact with the state of its latest chat, its active and last closed ticket. */
export interface AiContact {
  uuid: string;
  workspaceUuid: string;
  name: string;
  email: string | null;
  phone: string | null;
  platform: string | null;
  createdAt: Date;
  lastMessageAt: Date | null;
  lastMessageContent: string | null;
  chatStatus: string | null;
  isChatRead: boolean;
  blocked: boolean;
  funnelStatusId: number | null;
  providerId: string | null;
  providerName: string | null;
  metadata: Record<string, unknown>;
  activeTicket: Ticket | null;
  lastClosedTicket: Ticket | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class AiContactsService {
  constructor(private readonly db: Database) {}

  async getAiContact(tenant: Tenant, uuid: string): Promise<AiContact> {
    // One snapshot, so the chat and the tickets agree with each other.
    return this.db.transaction(
      async (tx) => {
        const contact = await repository.findContactRowByUuid(tx, tenant.workspaceId, uuid);
        if (!contact) throw notFound('contact', uuid);
        const [addresses, chat, tickets, funnelStatusId] = await Promise.all([
          repository.findContactAddresses(tx, tenant.workspaceId, contact.id),
          repository.findLatestChat(tx, tenant.workspaceId, contact.id),
          findContactTicketViews(tx, tenant.workspaceId, contact.id),
          repository.findCurrentFunnelStatusId(tx, tenant.workspaceId, contact.id),
        ]);
        const first = (...types: string[]) => addresses.find((address) => types.includes(address.channelType))?.address ?? null;
        return {
          uuid: contact.uuid,
          workspaceUuid: tenant.workspaceUuid,
          name: [contact.firstName, contact.lastName].filter(Boolean).join(' '),
          email: first('EMAIL'),
          phone: first('PHONE', 'WHATSAPP', 'SMS'),
          platform: chat?.channelType ? (platformOfChannel[chat.channelType] ?? null) : chat ? 'webchat' : null,
          createdAt: contact.createdAt,
          lastMessageAt: chat?.lastCreatedAt ?? chat?.lastChatMessageCreatedAt ?? null,
          lastMessageContent: chat?.lastContent ?? null,
          chatStatus: chat?.status ?? null,
          isChatRead: chat?.isRead ?? true,
          blocked: contact.blockedAt !== null,
          funnelStatusId,
          providerId: contact.providerId,
          providerName: contact.providerName,
          metadata: { ...contact.customFields, ...(isRecord(contact.metadata) ? contact.metadata : {}) },
          activeTicket: tickets.active ? toTicket(tenant, tickets.active) : null,
          lastClosedTicket: tickets.lastClosed ? toTicket(tenant, tickets.lastClosed) : null,
        };
      },
      { accessMode: 'read only', isolationLevel: 'repeatable read' },
    );
  }
}
