import type { Database } from '../../db/client.js';
import { actorOf, SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import * as channelsRepository from '../channels/channels.repository.js';
import type { ChannelsService } from '../channels/channels.service.js';
import { hashToken } from '../channels/secrets.js';
import { findOrCreateChat } from '../chats/chat-writes.js';
import { findOrCreateWhatsAppContact } from '../contacts/contact-by-address.js';
import { appendMessage, changeMessage } from './message-writes.js';
import * as repository from './messages.repository.js';
import { statusRank, type Attachment, type MessageError, type MessageStatus, type MessageType } from './messages.schemas.js';
import { participant } from './outbound-plan.js';

/** A WhatsApp channel as the webhook finds it: the row, its workspace, and the app secret that signs its webhooks. */
export interface WebhookChannel {
  tenant: Tenant;
  row: channelsRepository.ChannelRow;
  appSecret: string;
}

/** One message a contact sent, already read out of the provider's payload. */
export interface InboundMessage {
  providerId: string;
  /** Sender's number in E.164. */
  from: string;
  /** The provider's id of the sender (WhatsApp `wa_id`). */
  fromProviderId: string;
  profileName: string | null;
  type: MessageType;
  content: string;
  attachments: Attachment[];
  metadata: Record<string, unknown>;
}

/** Stores what WhatsApp's webhook reports: contacts' messages and delivery states of ours. */
export class InboundMessagesService {
  constructor(
    private readonly db: Database,
    private readonly channels: ChannelsService,
  ) {}

  async findWebhookChannel(phoneNumberId: string): Promise<WebhookChannel | undefined> {
    const found = await channelsRepository.findChannelByPhoneNumberId(this.db, phoneNumberId);
    if (!found) return undefined;
    // The provider reports; changes it makes on its own (delivery states) are the system's.
    const tenant: Tenant = { workspaceId: found.row.workspaceId, workspaceUuid: found.workspaceUuid, actor: SYSTEM_ACTOR };
    return { tenant, row: found.row, appSecret: this.channels.whatsAppCredentials(found.row).appSecret };
  }

  /** Whether a webhook verify token belongs to any live channel. */
  async isKnownVerifyToken(token: string): Promise<boolean> {
    return channelsRepository.verifyTokenExists(this.db, hashToken(token));
  }

  /**
   * Finds or creates the contact (by WhatsApp number) and their chat on the channel, and
   * stores the message once: a retried delivery of the same provider id changes nothing.
   */
  async receiveMessage(channel: WebhookChannel, inbound: InboundMessage): Promise<'stored' | 'duplicate'> {
    const { tenant, row } = channel;
    return this.db.transaction(async (tx) => {
      if (await repository.providerIdExists(tx, tenant.workspaceId, inbound.providerId)) return 'duplicate';
      const found = await findOrCreateWhatsAppContact(tx, tenant, inbound.from, inbound.profileName);
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
          recipient: participant('assistant', row.whatsappPhoneNumber, row.whatsappPhoneNumberId, row.name),
          attachments: inbound.attachments,
          metadata: inbound.metadata,
        },
        row,
      );
      return message ? 'stored' : 'duplicate';
    });
  }

  /** Moves one of our messages forward (sent → delivered → read, or failed); late or unknown reports change nothing. */
  async applyStatus(
    channel: WebhookChannel,
    providerId: string,
    status: MessageStatus,
    errors: MessageError[],
  ): Promise<'updated' | 'stale' | 'unknown'> {
    const { tenant } = channel;
    return this.db.transaction(async (tx) => {
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
