import type { z } from 'zod';
import type { Conversation } from '../../modules/conversations/conversations.schemas.js';
import { serializeContact } from './contacts.serializers.js';
import type { conversationSchema } from './conversations.schemas.js';

export function serializeConversation(conversation: Conversation): z.infer<typeof conversationSchema> {
  return {
    id: conversation.id,
    tenantId: conversation.tenantId,
    contactId: conversation.contactId,
    userId: conversation.userId,
    funnelId: conversation.funnelId,
    funnelStatusId: conversation.funnelStatusId,
    archivedAt: conversation.archivedAt?.toISOString() ?? null,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
    // Channel sessions are opened by messaging (chats on a channel); none are linked to funnel conversations yet.
    channelSessions: [],
    contacts: conversation.contacts.map(serializeContact),
    customFields: conversation.customFields,
  };
}
