import type { Database } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { inJobTransaction } from '../../jobs/connection.js';
import * as channelsRepository from '../channels/channels.repository.js';
import * as chatsRepository from '../chats/chats.repository.js';
import type { DeliveryDependencies } from './delivery.js';
import { appendMessage, toMessage } from './message-writes.js';
import * as repository from './messages.repository.js';
import type { Message } from './messages.schemas.js';
import type { OutboundSends } from './outbound-sends.js';
import { planFreeFormSend, type SendInput, type SendPlan } from './outbound-plan.js';

export interface MessagingDependencies extends DeliveryDependencies {
  sends: OutboundSends;
}

/** Reading a chat's messages and adding to it (handed to the channel's provider when its adapter sends). */
export class MessagesService {
  constructor(
    private readonly db: Database,
    private readonly dependencies: MessagingDependencies,
  ) {}

  /** A message by its id or by the provider's (`wamid…`). */
  async getMessage(tenant: Tenant, reference: { uuid: string } | { providerId: string }): Promise<Message> {
    const view = await repository.findMessageView(this.db, tenant.workspaceId, reference);
    if (!view) throw notFound('message', 'uuid' in reference ? reference.uuid : reference.providerId);
    return toMessage(tenant, view);
  }

  async findChatMessages(
    tenant: Tenant,
    chatUuid: string,
    page: { pageNumber: number; pageSize: number },
  ): Promise<{ items: Message[]; total: number }> {
    const chat = await chatsRepository.findChatRow(this.db, tenant.workspaceId, { uuid: chatUuid });
    if (!chat) throw notFound('chat', chatUuid);
    const { rows, total } = await repository.findChatMessageViews(this.db, tenant.workspaceId, chat.id, page);
    return { items: rows.map((row) => toMessage(tenant, row)), total };
  }

  /** A chat's messages oldest first, by limit and offset (the support surface's paging). */
  async findChatMessagesInOrder(
    tenant: Tenant,
    chatUuid: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: Message[]; total: number }> {
    const chat = await chatsRepository.findChatRow(this.db, tenant.workspaceId, { uuid: chatUuid });
    if (!chat || chat.removedAt) throw notFound('conversation', chatUuid);
    const { rows, total } = await repository.findChatMessageViewsInOrder(this.db, tenant.workspaceId, chat.id, page);
    return { items: rows.map((row) => toMessage(tenant, row)), total };
  }

  /**
   * Adds a message to a chat. On a channel whose adapter sends, it is stored pending with its
   * send queued, then sent at once, and comes back sent or failed (or pending, when another
   * sender holds it).
   */
  async sendChatMessage(tenant: Tenant, chatUuid: string, input: SendInput): Promise<Message> {
    const { message, plan } = await inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const chat = await chatsRepository.findChatRow(tx, tenant.workspaceId, { uuid: chatUuid }, true);
      if (!chat) throw notFound('chat', chatUuid);
      const channel =
        chat.channelId === null ? undefined : (await channelsRepository.findChannelRowsByIds(tx, tenant.workspaceId, [chat.channelId]))[0];
      const plan: SendPlan = await planFreeFormSend(tx, tenant, chat, channel, input, this.dependencies.media);
      const message = (await appendMessage(tx, tenant, chat, plan.message, channel))!;
      if (plan.deliver) await this.dependencies.sends.queue(transaction, tenant, message.id);
      return { message, plan };
    });
    if (!plan.deliver) return message;
    return this.dependencies.sends.send(tenant, message.id);
  }
}
