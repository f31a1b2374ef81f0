import type { Executor } from '../../db/client.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import { channelAdapter } from '../channels/adapters/registry.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { findAddressOf } from '../contacts/contact-by-address.repository.js';
import type { MediaService } from '../media/media.service.js';
import { whatsappMediaTypes } from '../media/media.schemas.js';
import type { NewMessage } from './message-writes.js';
import {
  mediaMessageTypes,
  type Attachment,
  type MediaMessageType,
  type MessageRole,
  type MessageType,
  type Participant,
} from './messages.schemas.js';

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
  /** Set when the channel's adapter hands the message to its provider once it is stored (it is stored pending). */
  deliver: boolean;
}

export function participant(role: MessageRole, address: string | null, providerId: string | null, displayName: string | null): Participant {
  return { providerId, address, role, displayName, metadata: {} };
}

/** Checks a free-form send on a chat and works out what to store, and whether its channel's provider must deliver it. */
export async function planFreeFormSend(
  db: Executor,
  tenant: Tenant,
  chat: ChatRow,
  channel: ChannelRow | undefined,
  input: SendInput,
  media: MediaService,
): Promise<SendPlan> {
  if (chat.removedAt) throw new AppError('CONFLICT', `chat ${chat.uuid} was removed; messages cannot be added to it`);
  if (channel?.deletedAt) throw new AppError('CONFLICT', `the chat's channel ${channel.uuid} was removed; messages cannot be sent on it`);
  const adapter = channelAdapter(channel?.type);
  const inbound = input.role === 'user';
  const delivered = channel !== undefined && adapter.send !== undefined;
  if (inbound && delivered) throw invalid('role', `messages from a ${adapter.label} contact arrive through the ${adapter.label} webhook`);
  const { type, attachments } = await attachmentsOf(tenant, input, media);
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
  if (!delivered) {
    const nobody = participant(inbound ? 'operator' : 'user', null, null, null);
    const author = participant(input.role, null, null, null);
    return { message: { ...base, status: inbound ? 'received' : 'sent', sender: author, recipient: nobody }, deliver: false };
  }
  const to = await findAddressOf(db, tenant.workspaceId, chat.ownerContactId, [...adapter.matchAddressTypes]);
  if (!to) {
    const kinds = adapter.matchAddressTypes.map((kind) => kind.toLowerCase()).join(' or ');
    throw new AppError('UNPROCESSABLE', `The chat’s contact has no ${kinds} address to send to`, { field: 'chatId' });
  }
  const window = adapter.replyWindow;
  if (window && !(chat.lastInboundAt && Date.now() - chat.lastInboundAt.getTime() < window.ms)) throw window.refusal(chat.lastInboundAt);
  return {
    message: {
      ...base,
      status: 'pending',
      sender: participant(input.role, channel.address, channel.routingKey, channel.name),
      recipient: participant('user', to, null, null),
    },
    deliver: true,
  };
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
