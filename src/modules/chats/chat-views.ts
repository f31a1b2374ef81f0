import type { ResponderKind } from '../agents/agents.schemas.js';
import type { ChannelType } from '../channels/channels.schemas.js';
import type { MessageRole } from '../messages/messages.schemas.js';
import type { Tenant } from '../../shared/tenant.js';
import type { ChatViewRow } from './chats.repository.js';
import type { ChatDetails, ChatStatus, MessagePreview } from './chats.schemas.js';

function preview(content: string | null, role: string | null, createdAt: Date | null): MessagePreview | null {
  if (content === null || role === null || createdAt === null) return null;
  return { content, role: role as MessageRole, createdAt };
}

/** The domain view of a chat row and what it joins (channel, owner, responder, latest messages). */
export function toChatDetails(tenant: Tenant, view: ChatViewRow): ChatDetails {
  const { chat } = view;
  const ownerName = [view.ownerFirstName, view.ownerLastName].filter(Boolean).join(' ') || null;
  return {
    id: chat.id,
    uuid: chat.uuid,
    workspaceUuid: tenant.workspaceUuid,
    channelUuid: view.channelUuid,
    ownerContactId: chat.ownerContactId,
    ownerUuid: view.ownerUuid,
    responderUuid: view.responderUuid,
    responderVersionUuid: view.responderVersionUuid,
    assigneeUserId: chat.assigneeUserId,
    title: chat.title,
    status: chat.status as ChatStatus,
    isRead: chat.isRead,
    lastChatMessageCreatedAt: chat.lastChatMessageCreatedAt,
    lastInboundAt: chat.lastInboundAt,
    messageCount: chat.messageCount,
    isRemoved: chat.removedAt !== null,
    createdAt: chat.createdAt,
    updatedAt: chat.updatedAt,
    channelName: view.channelName,
    channelType: view.channelType as ChannelType | null,
    ownerName,
    ownerIdentifier: view.ownerIdentifier,
    // Owners are always contacts here; no chat is owned by a team member (docs/tickets.md).
    ownerEmail: null,
    isOwnerBlocked: view.ownerBlocked,
    lastMessage: preview(view.lastContent, view.lastRole, view.lastCreatedAt),
    penultimateMessage: preview(view.penultimateContent, view.penultimateRole, view.penultimateCreatedAt),
    responderEntity: view.responderKind as ResponderKind,
    responderName: view.responderName,
    responderPicture: view.responderPicture,
    responderVersionNumber: view.responderVersionNumber,
    visitorId: view.visitorId,
    ticketUuid: view.ticketUuid,
    ticketStatus: view.ticketStatus,
    currentResponderUuid: view.takenOverByUuid ?? view.responderUuid,
  };
}
