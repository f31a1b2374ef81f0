import type { Database, Executor } from '../../db/client.js';
import { receiveMessages, type ReceivedMessage } from './inbound-batch.js';
import { actorOf, SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import * as channelsRepository from '../channels/channels.repository.js';
import type { ChannelsService } from '../channels/channels.service.js';
import { hashToken } from '../channels/secrets.js';
import { findOrCreateChat } from '../chats/chat-writes.js';
import type { ConnectedChannel } from '../channels/adapters/adapter.js';
import { channelAdapter } from '../channels/adapters/registry.js';
import { findOrCreateContactByAddress } from '../contacts/contact-by-address.js';
import { appendMessage, changeMessage } from './message-writes.js';
import * as repository from './messages.repository.js';
import { statusRank, type Attachment, type MessageError, type MessageStatus, type MessageType } from './messages.schemas.js';
import { participant } from './outbound-plan.js';

/** A channel as inbound traffic finds it: its workspace, its row and its secrets (that sign its webhooks). */
export interface WebhookChannel extends ConnectedChannel {
  tenant: Tenant;
}

/** One message a contact sent, already read out of the provider's payload. */
export interface InboundMessage {
  providerId: string;
  /** The sender's address of the channel's address type (a WhatsApp number in E.164). */
  from: string;
  /** The provider's id of the sender (WhatsApp `wa_id`). */
  fromProviderId: string;
  profileName: string | null;
  type: MessageType;
  content: string;
  attachments: Attachment[];
  metadata: Record<string, unknown>;
}

/** Stores what providers' webhooks report: contacts' messages and delivery states of ours, on any channel type. */
export class InboundMessagesService {
  constructor(
    private readonly db: Database,
    private readonly channels: ChannelsService,
  ) {}

  /** The live channel of `type` that inbound traffic names by `routingKey` (WhatsApp: the phone number id). */
  async findWebhookChannel(type: string, routingKey: string): Promise<WebhookChannel | undefined> {
    const found = await channelsRepository.findChannelByRoutingKey(this.db, type, routingKey);
    if (!found) return undefined;
    // The provider reports; changes it makes on its own (delivery states) are the system's.
    const tenant: Tenant = { workspaceId: found.row.workspaceId, workspaceUuid: found.workspaceUuid, actor: SYSTEM_ACTOR };
    return { ...this.channels.connect(found.row), tenant };
  }

  /** Whether a webhook verify token belongs to any live channel. */
  async isKnownVerifyToken(token: string): Promise<boolean> {
    return channelsRepository.verifyTokenExists(this.db, hashToken(token));
  }

  /**
   * Finds or creates the contact (by the sender's address, as the channel's adapter matches it)
   * and their chat on the channel, and stores the message once: a retried delivery of the same
   * provider id changes nothing.
   */
  async receiveMessage(channel: WebhookChannel, inbound: InboundMessage): Promise<'stored' | 'duplicate'> {
    const { tenant, row } = channel;
    return this.db.transaction(async (tx) => {
      if (await repository.providerIdExists(tx, tenant.workspaceId, inbound.providerId)) return 'duplicate';
      const adapter = channelAdapter(row.type);
      const found = await findOrCreateContactByAddress(tx, tenant, {
        address: inbound.from,
        addressType: adapter.addressType ?? 'OTHER',
        matchTypes: adapter.matchAddressTypes,
        name: inbound.profileName,
      });
      // The contact's chat and message are the contact's doing (a new contact itself is the system's).
      const contact = { ...tenant, actor: actorOf('contact', found.uuid) };
      const chat = await findOrCreateChat(tx, contact, row, found.id);
      const message = await appendMessage(
        tx,
        contact,
        chat,
        {
          direction: 'inbound',
          role: 'user',
          type: inbound.type,
          content: inbound.content,
          status: 'received',
          providerId: inbound.providerId,
          sender: participant('user', inbound.from, inbound.fromProviderId, inbound.profileName),
          recipient: participant('assistant', row.address, row.routingKey, row.name),
          attachments: inbound.attachments,
          metadata: inbound.metadata,
        },
        row,
      );
      return message ? 'stored' : 'duplicate';
    });
  }

  /** receiveMessage for many messages, in one transaction (the caller's, when given): see inbound-batch.ts. */
  async receiveMessages(items: ReceivedMessage[], db: Executor = this.db): Promise<{ stored: number; duplicates: number }> {
    return db.transaction((tx) => receiveMessages(tx, items));
  }

  /** Moves one of our messages forward (sent → delivered → read, or failed); late or unknown reports change nothing. */
  async applyStatus(
    channel: WebhookChannel,
    providerId: string,
    status: MessageStatus,
    errors: MessageError[],
    db: Executor = this.db,
  ): Promise<'updated' | 'stale' | 'unknown'> {
    const { tenant } = channel;
    return db.transaction(async (tx) => {
      const view = await repository.findMessageView(tx, tenant.workspaceId, { providerId }, true);
      if (!view) return 'unknown';
      if (view.message.direction !== 'outbound') return 'stale';
      const current = view.message.status as MessageStatus;
      if (statusRank[status] <= statusRank[current]) return 'stale';
      await changeMessage(tx, tenant, view.message.id, {
        status,
        ...(errors.length > 0 ? { errors: [...view.message.errors, ...errors] } : {}),
      });
      return 'updated';
    });
  }
}
