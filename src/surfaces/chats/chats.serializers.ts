import type { z } from 'zod';
import type { ChatDetails, ChatFilters } from '../../modules/chats/chats.schemas.js';
import type { chatDetailsSchema, chatListQuerySchema, chatSchema } from './chats.schemas.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** 004's default channel types when the caller names none. */
const DEFAULT_CHANNEL_TYPES = ['widget', 'waha', 'whatsapp', 'instagram', 'api'] as const;

export function serializeChat(chat: ChatDetails): z.infer<typeof chatSchema> {
  return {
    createdAt: chat.createdAt.toISOString(),
    id: chat.uuid,
    isRemoved: chat.isRemoved,
    updatedAt: chat.updatedAt.toISOString(),
    channelId: chat.channelUuid,
    currentResponderId: chat.currentResponderUuid,
    lastChatMessageCreatedAt: iso(chat.lastChatMessageCreatedAt),
    ownerId: chat.ownerUuid,
    responderId: chat.responderUuid,
    title: chat.title,
    workspaceId: chat.workspaceUuid,
    status: chat.status,
    isRead: chat.isRead,
    assigneeUserId: chat.assigneeUserId,
  };
}

export function serializeChatDetails(chat: ChatDetails): z.infer<typeof chatDetailsSchema> {
  return {
    channelId: chat.channelUuid,
    channelName: chat.channelName,
    channelType: chat.channelType,
    createdAt: chat.createdAt.toISOString(),
    id: chat.uuid,
    isOwnerBlocked: chat.isOwnerBlocked,
    isRemoved: chat.isRemoved,
    lastMessageContent: chat.lastMessage?.content ?? null,
    lastMessageCreatedAt: iso(chat.lastMessage?.createdAt ?? null),
    lastMessageRole: chat.lastMessage?.role ?? null,
    ownerEmail: chat.ownerEmail,
    ownerId: chat.ownerUuid,
    ownerIdentifier: chat.ownerIdentifier,
    ownerName: chat.ownerName,
    penultimateMessageContent: chat.penultimateMessage?.content ?? null,
    penultimateMessageCreatedAt: iso(chat.penultimateMessage?.createdAt ?? null),
    penultimateMessageRole: chat.penultimateMessage?.role ?? null,
    responderEntity: chat.responderEntity,
    responderId: chat.responderUuid,
    responderName: chat.responderName,
    responderPicture: chat.responderPicture,
    responderVersionId: chat.responderVersionUuid,
    responderVersionNumber: chat.responderVersionNumber,
    ticketId: chat.ticketUuid,
    ticketStatus: chat.ticketStatus,
    title: chat.title,
    workspaceId: chat.workspaceUuid,
    status: chat.status,
    isRead: chat.isRead,
    assigneeUserId: chat.assigneeUserId,
  };
}

export function toChatFilters(query: z.infer<typeof chatListQuerySchema>): ChatFilters {
  const date = (value: string | undefined) => (value ? new Date(value) : undefined);
  return {
    channelUuids: query.channelIds ?? [],
    channelTypes: query.channelTypes ?? [...DEFAULT_CHANNEL_TYPES],
    channelTypesDefaulted: query.channelTypes === undefined,
    ownerUuids: query.ownerIds ?? [],
    responderUuids: query.responderIds ?? [],
    responderVersionUuids: query.responderVersionIds ?? [],
    statuses: query.statuses ?? [],
    lastChatMessageCreatedAtStart: date(query.lastChatMessageCreatedAtStart),
    lastChatMessageCreatedAtEnd: date(query.lastChatMessageCreatedAtEnd),
    search: query.search?.trim() || undefined,
    includeRemoved: query.includeRemoved === 'true',
  };
}
