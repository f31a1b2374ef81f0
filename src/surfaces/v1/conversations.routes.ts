import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { fromQueryString } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import {
  bulkCreateBodySchema,
  bulkResultSchema,
  bulkUpdateBodySchema,
  conversationListQuerySchema,
  conversationListSchema,
  conversationSchema,
  createConversationBodySchema,
  operationParams,
  updateConversationBodySchema,
} from './conversations.schemas.js';
import { serializeConversation } from './conversations.serializers.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { idParams } from './params.js';

const tags = ['Conversations'];
const params = idParams('Conversation id');
/** A full batch of 1,000 items with contacts and custom fields can pass the default body limit. */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;
const bulkErrors = { ...v1ErrorResponses, 413: v1ErrorSchema };

/** Funnel conversations (seed 003): Create, BulkCreate, BulkUpdate, and reading, updating and deleting one. */
export function conversationsRoutes({ conversations }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/conversations',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetConversations',
          summary: 'List funnel conversations',
          description:
            "filterBy: `id`, `funnelId`, `funnelStatusId`, `contactId`, `userId`, `archivedAt`, `createdAt`, `updatedAt`, `customFields.<key>`. sortBy: `createdAt` (default, ascending), `updatedAt`, `id`, `funnelId`, `contactId`. searchBy matches the contact's names and addresses. Archived conversations are left out unless includeArchived=true.",
          querystring: conversationListQuerySchema,
          response: { 200: conversationListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const query = { ...fromQueryString(request.query, DEFAULT_PAGE_SIZE), includeArchived: request.query.includeArchived ?? false };
        const page = await conversations.findConversations(tenantOf(request), query);
        return { items: page.items.map(serializeConversation), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/conversations',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'Create',
          summary: 'Create a conversation',
          description:
            "Either contactId or contact must be given. A contact is matched to an existing one by any of its phones or emails (normalized as the contacts API stores them) and updated, or created. Without funnelStatusId the conversation starts in the funnel's first status.",
          body: createConversationBodySchema,
          response: { 200: conversationSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeConversation(await conversations.createConversation(tenantOf(request), request.body)),
    );

    app.post(
      '/conversations/bulk',
      {
        config: { callers: ['api_key'] },
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'BulkCreate',
          summary: 'Create up to 1,000 conversations',
          description:
            'Each item is validated on its own; the valid ones are written in one transaction and the others reported by index (never part of an item). Items whose contact repeats one of the batch or matches an existing contact are written to that contact and flagged DUPLICATE. More than 1,000 items is a 400 with nothing written.',
          body: bulkCreateBodySchema,
          response: { 200: bulkResultSchema, ...bulkErrors },
        },
      },
      async (request) => conversations.bulkCreate(tenantOf(request), request.body.conversations),
    );

    app.put(
      '/conversations/bulk',
      {
        config: { callers: ['api_key'] },
        bodyLimit: BULK_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'BulkUpdate',
          summary: 'Update up to 1,000 conversations',
          description:
            'Each item names a conversation by `id` and changes only the fields it sends. Valid items are written in one transaction; the others are reported by index. An id repeated in the batch is an error on the later items.',
          body: bulkUpdateBodySchema,
          response: { 200: bulkResultSchema, ...bulkErrors },
        },
      },
      async (request) => conversations.bulkUpdate(tenantOf(request), request.body.conversations),
    );

    app.get(
      '/conversations/bulk/:operationId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetBulkOperation',
          summary: 'Get the report of a bulk create or update',
          params: operationParams,
          response: { 200: bulkResultSchema, ...v1ErrorResponses },
        },
      },
      async (request) => conversations.getBulkOperation(tenantOf(request), request.params.operationId),
    );

    app.get(
      '/conversations/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetConversation',
          summary: 'Get a conversation',
          params,
          response: { 200: conversationSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeConversation(await conversations.getConversationById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/conversations/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateConversation',
          summary: 'Update a conversation (only the fields sent change)',
          description:
            "The fields of a BulkUpdate item. `customFields` merge (null removes a value); `contact` updates the conversation's contact.",
          params,
          body: updateConversationBodySchema,
          response: { 200: conversationSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { id: _id, tenantId: _tenantId, updatedAt: _updatedAt, ...changes } = request.body;
        return serializeConversation(await conversations.updateConversation(tenantOf(request), request.params.id, changes));
      },
    );

    app.delete(
      '/conversations/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteConversation',
          summary: 'Delete a conversation (returns it)',
          description: 'Its tasks are kept, with `context.conversationId` set to null.',
          params,
          response: { 200: conversationSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeConversation(await conversations.deleteConversation(tenantOf(request), request.params.id)),
    );
  };
}
