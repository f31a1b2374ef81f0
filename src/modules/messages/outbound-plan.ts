import type { Executor } from '../../db/client.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import type { ChannelsService } from '../channels/channels.service.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { findAddressOf } from '../contacts/contact-by-address.repository.js';
import { WHATSAPP_MATCH_ORDER } from '../contacts/contact-by-address.js';
import type { MediaService } from '../media/media.service.js';
import { whatsappMediaTypes } from '../media/media.schemas.js';
import type { Delivery } from './delivery.js';
import type { NewMessage } from './message-writes.js';
import {
  mediaMessageTypes,
  type Attachment,
  type MediaMessageType,
  type MessageRole,
  type MessageType,
  type Participant,
} from './messages.schemas.js';

/** WhatsApp accepts free-form messages only this long after the customer last wrote. */
export const CUSTOMER_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface SendInput {
  content: string;
  role: MessageRole;
  /** Defaults to the file's kind with a fileId, else text. */
  type?: MessageType;
  fileId?: string;
  userId?: string | null;
  metadata?: Record<string, unknown>;
  customFields?: Record<string, unknown>;
}

export interface SendPlan {
  message: NewMessage;
  /** Set when the message goes out through WhatsApp after it is stored. */
  delivery?: Delivery;
}

export function participant(role: MessageRole, address: string | null, providerId: string | null, displayName: string | null): Participant {
  return { providerId, address, role, displayName, metadata: {} };
}

/** Checks a free-form send on a chat and works out what to store and what to deliver. */
export async function planFreeFormSend(
  db: Executor,
  tenant: Tenant,
  chat: ChatRow,
  channel: ChannelRow | undefined,
  input: SendInput,
  dependencies: { channels: ChannelsService; media: MediaService },
): Promise<SendPlan> {
  if (chat.removedAt) throw new AppError('CONFLICT', `chat ${chat.uuid} was removed; messages cannot be added to it`);
  if (channel?.deletedAt) throw new AppError('CONFLICT', `the chat's channel ${channel.uuid} was removed; messages cannot be sent on it`);
  const inbound = input.role === 'user';
  const whatsapp = channel?.type === 'whatsapp';
  if (inbound && whatsapp) throw invalid('role', 'messages from a WhatsApp contact arrive through the WhatsApp webhook');
  const { type, attachments } = await attachmentsOf(tenant, input, dependencies.media);
  const base = {
    direction: inbound ? ('inbound' as const) : ('outbound' as const),
    role: input.role,
    type,
    content: input.content,
    userId: input.userId ?? null,
    attachments,
    metadata: input.metadata ?? {},
    customFields: input.customFields ?? {},
  };
  if (!whatsapp) {
    const nobody = participant(inbound ? 'operator' : 'user', null, null, null);
    const author = participant(input.role, null, null, null);
    return { message: { ...base, status: inbound ? 'received' : 'sent', sender: author, recipient: nobody } };
  }
  const credentials = dependencies.channels.whatsAppCredentials(channel);
  const to = await findAddressOf(db, tenant.workspaceId, chat.ownerContactId, WHATSAPP_MATCH_ORDER);
  if (!to) throw new AppError('UNPROCESSABLE', 'The chat’s contact has no WhatsApp or phone number to send to', { field: 'chatId' });
  checkCustomerWindow(chat.lastInboundAt);
  const attachment = attachments[0];
  return {
    message: {
      ...base,
      status: 'pending',
      sender: participant(input.role, credentials.phoneNumber, credentials.phoneNumberId, channel.name),
      recipient: participant('user', to, null, null),
    },
    delivery: {
      credentials,
      to,
      content: attachment?.fileId
        ? { kind: 'file', type: attachment.type, fileId: attachment.fileId, caption: input.content || undefined }
        : { kind: 'text', body: input.content },
    },
  };
}

/** Refuses a free-form WhatsApp message outside the customer service window. */
function checkCustomerWindow(lastInboundAt: Date | null): void {
  if (lastInboundAt && Date.now() - lastInboundAt.getTime() < CUSTOMER_WINDOW_MS) return;
  throw outsideCustomerWindow(lastInboundAt);
}

export function outsideCustomerWindow(lastInboundAt: Date | null): AppError {
  const since = lastInboundAt ? `last wrote at ${lastInboundAt.toISOString()}` : 'has not written on this number';
  return new AppError(
    'UNPROCESSABLE',
    `The contact ${since}: WhatsApp accepts free-form messages only within 24 hours of the contact's last message. Send a template message instead (POST /api/v1/messages/template).`,
    { reason: 'OUTSIDE_CUSTOMER_WINDOW' },
  );
}

/** The message type and attachment of a send: media types need a stored file of the matching kind. */
async function attachmentsOf(
  tenant: Tenant,
  input: SendInput,
  media: MediaService,
): Promise<{ type: MessageType; attachments: Attachment[] }> {
  if (!input.fileId) {
    const type = input.type ?? 'text';
    if (isMediaType(type)) throw invalid('fileId', `is required for ${type} messages`);
    if (type !== 'text') throw invalid('type', `${type} messages cannot be sent; send text or a media file`);
    if (input.content.trim() === '') throw invalid('content', 'must not be empty for a text message');
    return { type, attachments: [] };
  }
  const file = await media.getFile(tenant, input.fileId).catch(() => {
    throw invalid('fileId', `no file ${input.fileId} in this workspace; upload it with POST /api/v1/messages/media`);
  });
  const kind = whatsappMediaTypes[file.contentType]?.type;
  const type = input.type ?? kind ?? 'document';
  if (type !== kind) {
    throw invalid('type', `file ${file.uuid} is ${file.contentType}, which is sent as ${kind ?? 'nothing WhatsApp accepts'}, not ${type}`);
  }
  return {
    type,
    attachments: [
      {
        type: type as MediaMessageType,
        fileId: file.uuid,
        providerMediaId: null,
        fileName: file.fileName,
        contentType: file.contentType,
        size: file.size,
      },
    ],
  };
}

function isMediaType(type: MessageType): type is MediaMessageType {
  return (mediaMessageTypes as readonly string[]).includes(type);
}
