import type { ChannelType } from '../channels/channels.schemas.js';
import type { ResponderKind } from '../agents/agents.schemas.js';
import type { TicketStatus } from '../tickets/ticket-states.js';
import type { MessageRole } from '../messages/messages.schemas.js';

/** Inbox states of a chat. */
export const chatStatuses = ['UNATTENDED', 'ATTENDED', 'PENDING', 'CLOSED'] as const;
export type ChatStatus = (typeof chatStatuses)[number];

export interface Chat {
  id: number;
  uuid: string;
  workspaceUuid: string;
  channelUuid: string | null;
  ownerContactId: number;
  ownerUuid: string;
  responderUuid: string;
  responderVersionUuid: string | null;
  assigneeUserId: string | null;
  title: string | null;
  status: ChatStatus;
  isRead: boolean;
  lastChatMessageCreatedAt: Date | null;
  lastInboundAt: Date | null;
  messageCount: number;
  isRemoved: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessagePreview {
  content: string;
  role: MessageRole;
  createdAt: Date;
}

/** A chat with everything an inbox row shows (004's details). */
export interface ChatDetails extends Chat {
  channelName: string | null;
  channelType: ChannelType | null;
  ownerName: string | null;
  ownerIdentifier: string | null;
  ownerEmail: string | null;
  isOwnerBlocked: boolean | null;
  lastMessage: MessagePreview | null;
  penultimateMessage: MessagePreview | null;
  responderEntity: ResponderKind;
  responderName: string;
  responderPicture: string | null;
  responderVersionNumber: number | null;
  /** A visitor id when the owner came through the web widget (002's `visitor_id`). */
  visitorId: string | null;
  /** The chat's active ticket, else its latest closed one. */
  ticketUuid: string | null;
  ticketStatus: TicketStatus | null;
  /** The team member who took over (the active ticket's assignee), else the responder. */
  currentResponderUuid: string;
}

export interface ChatFilters {
  channelUuids: string[];
  channelTypes: ChannelType[];
  /** True when channelTypes is 004's default (chats without a channel are then kept too). */
  channelTypesDefaulted: boolean;
  ownerUuids: string[];
  responderUuids: string[];
  responderVersionUuids: string[];
  statuses: ChatStatus[];
  /** Widget visitor ids: owners with one of these WEBCHAT addresses (002's `visitor_id`). */
  visitorIds?: string[];
  /** Assigned team members (002's `user_id`). */
  assigneeUserIds?: string[];
  lastChatMessageCreatedAtStart?: Date;
  lastChatMessageCreatedAtEnd?: Date;
  search?: string;
  includeRemoved: boolean;
}

export interface ChatInput {
  channelUuid?: string | null;
  ownerUuid?: string;
  title?: string | null;
  responderUuid?: string;
  lastChatMessageCreatedAt?: Date | null;
  status?: ChatStatus;
  isRead?: boolean;
  assigneeUserId?: string | null;
}
