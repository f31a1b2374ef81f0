import type { z } from 'zod';
import type { Attachment, Message } from '../../modules/messages/messages.schemas.js';
import type { messageSchema } from './messages.schemas.js';

/** Where a stored file is downloaded (authenticated with the API key). */
export const fileUrl = (fileId: string) => `/api/v1/messages/media/${fileId}`;

function serializeAttachment(attachment: Attachment) {
  const url = attachment.fileId ? fileUrl(attachment.fileId) : null;
  return {
    id: attachment.fileId ?? attachment.providerMediaId ?? '',
    type: attachment.type,
    url,
    unsignedUrl: url,
    metadata: {
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      size: attachment.size,
      providerMediaId: attachment.providerMediaId,
    },
    mediaProcessing: null,
    isCacheable: attachment.fileId !== null,
  };
}

/** 003's message shape; the Chats surface shows messages the same way. */
export function serializeMessage(message: Message): z.infer<typeof messageSchema> {
  return {
    id: message.uuid,
    tenantId: message.tenantId,
    conversationId: message.chatUuid,
    funnelConversationId: null,
    sessionId: message.chatId,
    providerId: message.providerId,
    contactId: message.contactId,
    userId: message.userId,
    content: message.content,
    status: message.status,
    direction: message.direction,
    channel: message.channelType,
    type: message.type,
    role: message.role,
    sender: message.sender,
    recipient: message.recipient,
    attachments: message.attachments.map(serializeAttachment),
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
    metadata: message.metadata,
    errors: message.errors,
    customFields: message.customFields,
    mediaProcessing: null,
  };
}
