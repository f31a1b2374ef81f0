export const messageDirections = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof messageDirections)[number];

/** Who wrote a message: the contact (user), an agent or squad (assistant), a team member (operator), or the system. */
export const messageRoles = ['user', 'assistant', 'operator', 'system'] as const;
export type MessageRole = (typeof messageRoles)[number];

/** Delivery states in the order they progress; `failed` can end any of the first two, `received` is for inbound. */
export const messageStatuses = ['pending', 'sent', 'delivered', 'read', 'failed', 'received'] as const;
export type MessageStatus = (typeof messageStatuses)[number];

/** 003's WhatsAppMessageType, plus `template` for template sends. */
export const messageTypes = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'reaction',
  'button',
  'order',
  'system',
  'unknown',
  'unsupported',
  'media_placeholder',
  'template',
] as const;
export type MessageType = (typeof messageTypes)[number];

/** Message types that carry one media file. */
export const mediaMessageTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaMessageType = (typeof mediaMessageTypes)[number];

/** A message's sender or recipient (003's participant). */
export interface Participant {
  /** The provider's id of the participant (WhatsApp `wa_id` or phone number id). */
  providerId: string | null;
  /** Phone number (E.164), handle, or null. */
  address: string | null;
  role: MessageRole;
  displayName: string | null;
  metadata: Record<string, unknown>;
}

export interface Attachment {
  type: MediaMessageType;
  /** Our stored file (003's `fileId`), when we hold the bytes. */
  fileId: string | null;
  /** The provider's media id, e.g. a WhatsApp media id of an inbound image. */
  providerMediaId: string | null;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
}

export interface MessageError {
  code: number;
  title: string;
  message: string;
  href: string | null;
  provider: string;
}

export interface Message {
  id: number;
  uuid: string;
  tenantId: string;
  chatId: number;
  chatUuid: string;
  contactId: number;
  channelType: string | null;
  direction: MessageDirection;
  role: MessageRole;
  type: MessageType;
  content: string;
  status: MessageStatus;
  providerId: string | null;
  sender: Participant;
  recipient: Participant;
  userId: string | null;
  attachments: Attachment[];
  metadata: Record<string, unknown>;
  customFields: Record<string, unknown>;
  errors: MessageError[];
  createdAt: Date;
  updatedAt: Date;
}

/** Where each status stands in delivery order: a status webhook only ever moves a message forward. */
export const statusRank: Record<MessageStatus, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 1.5, received: 0 };
