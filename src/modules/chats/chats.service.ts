import type { Database } from '../../db/client.js';
import { invalid, notFound } from '../../shared/errors.js';
import { offsetOfPage } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import * as agentsRepository from '../agents/agents.repository.js';
import { resolveResponder } from '../agents/responders.js';
import * as channelsRepository from '../channels/channels.repository.js';
import { recordEvent } from '../events/events.js';
import { toChatDetails } from './chat-views.js';
import { createChatRow, currentVersionId, loadChat, ownerContactIdOf } from './chat-writes.js';
import * as repository from './chats.repository.js';
import type { ChatDetails, ChatFilters, ChatInput } from './chats.schemas.js';

export interface ChatPage {
  items: ChatDetails[];
  total: number;
}

/** Chats: threads with one contact on one channel, answered by an agent or squad. */
export class ChatsService {
  constructor(private readonly db: Database) {}

  async createChat(tenant: Tenant, input: ChatInput & { ownerUuid: string }): Promise<ChatDetails> {
    return this.db.transaction(async (tx) => {
      const channel = input.channelUuid
        ? await channelsRepository.findChannelRow(tx, tenant.workspaceId, { uuid: input.channelUuid })
        : undefined;
      if (input.channelUuid && !channel) throw invalid('channelId', `no channel ${input.channelUuid} in this workspace`);
      const ownerContactId = await ownerContactIdOf(tx, tenant, input.ownerUuid);
      const row = await createChatRow(tx, tenant, {
        channel,
        ownerContactId,
        title: input.title ?? null,
        responderUuid: input.responderUuid,
      });
      return loadChat(tx, tenant, row.id);
    });
  }

  /** A chat, removed ones included (they show `isRemoved`). */
  async getChat(tenant: Tenant, uuid: string): Promise<ChatDetails> {
    const row = await repository.findChatRow(this.db, tenant.workspaceId, { uuid });
    if (!row) throw notFound('chat', uuid);
    return loadChat(this.db, tenant, row.id);
  }

  /** A chat's details; with `responderVersionUuid`, the responder as it was in that version. */
  async getChatDetails(tenant: Tenant, uuid: string, responderVersionUuid?: string): Promise<ChatDetails> {
    const chat = await this.getChat(tenant, uuid);
    if (!responderVersionUuid) return chat;
    const version = await agentsRepository.findVersionRow(this.db, tenant.workspaceId, responderVersionUuid);
    const responder = await agentsRepository.findAgentRow(this.db, tenant.workspaceId, undefined, { uuid: chat.responderUuid });
    if (!version || !responder || version.agentId !== responder.id) throw notFound('responder version', responderVersionUuid);
    return {
      ...chat,
      responderVersionUuid: version.uuid,
      responderVersionNumber: version.version,
      responderName: version.name,
      responderPicture: version.picture,
    };
  }

  /** An inbox page (004): latest activity first. */
  async findChats(tenant: Tenant, filters: ChatFilters, page: { pageNumber: number; pageSize: number }): Promise<ChatPage> {
    const window = { limit: page.pageSize, offset: offsetOfPage(page.pageNumber, page.pageSize), order: 'activity' as const };
    const { rows, total } = await repository.findChatViews(this.db, tenant.workspaceId, filters, window);
    return { items: rows.map((row) => toChatDetails(tenant, row)), total };
  }

  /** Conversations as the support API lists them (002): last updated first, by limit and offset. */
  async findConversations(tenant: Tenant, filters: ChatFilters, page: { limit: number; offset: number }): Promise<ChatPage> {
    const { rows, total } = await repository.findChatViews(this.db, tenant.workspaceId, filters, { ...page, order: 'updated' });
    return { items: rows.map((row) => toChatDetails(tenant, row)), total };
  }

  /** Changes what is sent. A new responder pins its current version. */
  async updateChat(tenant: Tenant, uuid: string, input: ChatInput): Promise<ChatDetails> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findChatRow(tx, tenant.workspaceId, { uuid }, true);
      if (!current) throw notFound('chat', uuid);
      const values: Partial<repository.ChatValues> = {};
      if (input.title !== undefined) values.title = input.title;
      if (input.lastChatMessageCreatedAt !== undefined) values.lastChatMessageCreatedAt = input.lastChatMessageCreatedAt;
      if (input.status !== undefined) values.status = input.status;
      if (input.isRead !== undefined) values.isRead = input.isRead;
      if (input.assigneeUserId !== undefined) values.assigneeUserId = input.assigneeUserId;
      if (input.responderUuid !== undefined) {
        const responder = await resolveResponder(tx, tenant, input.responderUuid, 'responderId');
        values.responderId = responder.id;
        values.responderVersionId = await currentVersionId(tx, tenant, responder);
      }
      await repository.updateChatRow(tx, tenant.workspaceId, current.id, values);
      const chat = await loadChat(tx, tenant, current.id);
      await recordEvent(tx, tenant, 'chat.updated', chat);
      return chat;
    });
  }

  /** Soft removal: the chat leaves lists but can still be read by id. Repeating it is harmless. */
  async removeChat(tenant: Tenant, uuid: string): Promise<ChatDetails> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findChatRow(tx, tenant.workspaceId, { uuid }, true);
      if (!current) throw notFound('chat', uuid);
      if (current.removedAt) return loadChat(tx, tenant, current.id);
      await repository.updateChatRow(tx, tenant.workspaceId, current.id, { removedAt: new Date() });
      const chat = await loadChat(tx, tenant, current.id);
      await recordEvent(tx, tenant, 'chat.deleted', chat);
      return chat;
    });
  }
}
