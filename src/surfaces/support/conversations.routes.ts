import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { ChatDetails } from '../../modules/chats/chats.schemas.js';
import type { Message } from '../../modules/messages/messages.schemas.js';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { tenantOf } from '../auth.js';
import {
  conversationMessagesQuerySchema,
  conversationMessagesResponseSchema,
  conversationSchema,
  conversationsQuerySchema,
  conversationsResponseSchema,
  supportMessageSchema,
} from './conversations.schemas.js';
import { supportErrorResponses } from './errors.js';

const tags = ['Customer support'];

function serializeConversation(chat: ChatDetails): z.infer<typeof conversationSchema> {
  const last = chat.lastMessage;
  return {
    id: chat.uuid,
    title: chat.title,
    created_at: chat.createdAt.toISOString(),
    updated_at: chat.updatedAt.toISOString(),
    lead_id: chat.ownerUuid,
    visitor_id: chat.visitorId,
    user_id: chat.assigneeUserId,
    agent_id: chat.responderUuid,
    message_count: chat.messageCount,
    last_message: last ? { content: last.content, role: last.role, created_at: last.createdAt.toISOString() } : null,
  };
}

function serializeSupportMessage(message: Message): z.infer<typeof supportMessageSchema> {
  return {
    id: message.uuid,
    conversation_id: message.chatUuid,
    content: message.content,
    role: message.role,
    type: message.type,
    status: message.status,
    created_at: message.createdAt.toISOString(),
  };
}

export function conversationsRoutes({ chats, messages }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/conversations',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieve customer support conversations',
          description:
            'At least one of lead_id, visitor_id, user_id or site_id is required; given together they all apply. Ordered by last activity (updated_at), newest first.',
          querystring: conversationsQuerySchema,
          response: { 200: conversationsResponseSchema, ...supportErrorResponses },
        },
      },
      async (request) => {
        const { lead_id, visitor_id, user_id, site_id, limit, offset } = request.query;
        if (!lead_id && !visitor_id && !user_id && !site_id) {
          throw new AppError('VALIDATION_FAILED', 'At least one of lead_id, visitor_id, user_id, or site_id is required');
        }
        const filters = {
          channelUuids: site_id ? [site_id] : [],
          channelTypes: [],
          channelTypesDefaulted: false,
          ownerUuids: lead_id ? [lead_id] : [],
          responderUuids: [],
          responderVersionUuids: [],
          statuses: [],
          visitorIds: visitor_id ? [visitor_id] : [],
          assigneeUserIds: user_id ? [user_id] : [],
          includeRemoved: false,
        };
        const page = await chats.findConversations(tenantOf(request), filters, { limit, offset });
        return {
          success: true as const,
          data: { conversations: page.items.map(serializeConversation), pagination: { limit, offset, total: page.total } },
        };
      },
    );

    app.get(
      '/conversations/messages',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieve the messages of a customer support conversation',
          description: 'Oldest first, by limit and offset.',
          querystring: conversationMessagesQuerySchema,
          response: { 200: conversationMessagesResponseSchema, ...supportErrorResponses },
        },
      },
      async (request) => {
        const { conversation_id, limit, offset } = request.query;
        const page = await messages.findChatMessagesInOrder(tenantOf(request), conversation_id, { limit, offset });
        return {
          success: true as const,
          data: { messages: page.items.map(serializeSupportMessage), pagination: { limit, offset, total: page.total } },
        };
      },
    );
  };
}
