import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import {
  chatDetailsQuerySchema,
  chatDetailsSchema,
  chatListQuerySchema,
  chatParams,
  chatSchema,
  createChatBodySchema,
  removedSchema,
  updateChatBodySchema,
} from './chats.schemas.js';
import { serializeChat, serializeChatDetails, toChatFilters } from './chats.serializers.js';
import { chatsErrorResponses } from './errors.js';

const tags = ['Chats'];
const pagingHeaders = 'The total count is in the `X-Total-Count` header; the page in `X-Page-Number` and `X-Page-Size`.';

function setPageHeaders(reply: FastifyReply, total: number, query: { pageNumber: number; pageSize: number }): void {
  reply
    .header('x-total-count', String(total))
    .header('x-page-number', String(query.pageNumber))
    .header('x-page-size', String(query.pageSize));
}

export function chatsRoutes({ chats }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/chats',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieves multiple chats',
          description: `Latest activity first. Soft-removed chats are left out unless includeRemoved=true. ${pagingHeaders}`,
          querystring: chatListQuerySchema,
          response: { 200: z.array(chatSchema), ...chatsErrorResponses },
        },
      },
      async (request, reply) => {
        const page = await chats.findChats(tenantOf(request), toChatFilters(request.query), request.query);
        setPageHeaders(reply, page.total, request.query);
        return page.items.map(serializeChat);
      },
    );

    app.get(
      '/chats/details',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieves multiple chats with details',
          description: `Same filters and order as GET /chats. ${pagingHeaders}`,
          querystring: chatListQuerySchema,
          response: { 200: z.array(chatDetailsSchema), ...chatsErrorResponses },
        },
      },
      async (request, reply) => {
        const page = await chats.findChats(tenantOf(request), toChatFilters(request.query), request.query);
        setPageHeaders(reply, page.total, request.query);
        return page.items.map(serializeChatDetails);
      },
    );

    app.post(
      '/chats',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Creates a new chat', body: createChatBodySchema, response: { 200: chatSchema, ...chatsErrorResponses } },
      },
      async (request) => {
        const { channelId, ownerId, title, responderId } = request.body;
        return serializeChat(
          await chats.createChat(tenantOf(request), { channelUuid: channelId, ownerUuid: ownerId, title, responderUuid: responderId }),
        );
      },
    );

    app.get(
      '/chats/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Retrieves a chat', params: chatParams, response: { 200: chatSchema, ...chatsErrorResponses } },
      },
      async (request) => serializeChat(await chats.getChat(tenantOf(request), request.params.id)),
    );

    app.get(
      '/chats/:id/details',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieves a chat with details',
          params: chatParams,
          querystring: chatDetailsQuerySchema,
          response: { 200: chatDetailsSchema, ...chatsErrorResponses },
        },
      },
      async (request) =>
        serializeChatDetails(await chats.getChatDetails(tenantOf(request), request.params.id, request.query.responderVersionId)),
    );

    app.patch(
      '/chats/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Updates a chat',
          params: chatParams,
          body: updateChatBodySchema,
          response: { 200: chatSchema, ...chatsErrorResponses },
        },
      },
      async (request) => {
        const { lastChatMessageCreatedAt, responderId, ...rest } = request.body;
        const input = {
          ...rest,
          responderUuid: responderId,
          lastChatMessageCreatedAt:
            lastChatMessageCreatedAt === undefined
              ? undefined
              : lastChatMessageCreatedAt === null
                ? null
                : new Date(lastChatMessageCreatedAt),
        };
        return serializeChat(await chats.updateChat(tenantOf(request), request.params.id, input));
      },
    );

    app.delete(
      '/chats/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Removes a chat (soft: it shows isRemoved)',
          params: chatParams,
          response: { 200: removedSchema, ...chatsErrorResponses },
        },
      },
      async (request) => {
        await chats.removeChat(tenantOf(request), request.params.id);
        return { message: 'The chat was removed.' };
      },
    );
  };
}
