import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Channel } from '../../modules/channels/channels.schemas.js';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { referenceParams } from './agents.schemas.js';
import { channelListSchema, channelSchema, createChannelBodySchema, updateChannelBodySchema } from './channels.schemas.js';
import { v1ErrorResponses } from './errors.js';

const tags = ['Channels'];
const params = referenceParams('The channel');
const item = { 200: channelSchema, ...v1ErrorResponses, 409: v1ErrorResponses[400] };

function serializeChannel(channel: Channel): z.infer<typeof channelSchema> {
  return { ...channel, createdAt: channel.createdAt.toISOString(), updatedAt: channel.updatedAt.toISOString() };
}

export function channelsRoutes({ channels }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/channels',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List channels',
          description: 'Filter with `filterBy=type:whatsapp`, sort with `sortBy` (name, type, createdAt, updatedAt).',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: channelListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await channels.findChannels(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeChannel), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/channels',
      { config: { callers: ['api_key'] }, schema: { tags, summary: 'Create a channel', body: createChannelBodySchema, response: item } },
      async (request) => serializeChannel(await channels.createChannel(tenantOf(request), request.body)),
    );

    app.get(
      '/channels/:id',
      { config: { callers: ['api_key'] }, schema: { tags, summary: 'Get a channel (secrets are never shown)', params, response: item } },
      async (request) => serializeChannel(await channels.getChannel(tenantOf(request), request.params.id)),
    );

    for (const method of ['PUT', 'PATCH'] as const) {
      app.route({
        method,
        url: '/channels/:id',
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a channel (settings merge; null removes a key)',
          params,
          body: updateChannelBodySchema,
          response: item,
        },
        handler: async (request) => serializeChannel(await channels.updateChannel(tenantOf(request), request.params.id, request.body)),
      });
    }

    app.delete(
      '/channels/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Remove a channel (returns it)',
          description: 'Its chats keep it; its WhatsApp number can be connected again.',
          params,
          response: item,
        },
      },
      async (request) => serializeChannel(await channels.deleteChannel(tenantOf(request), request.params.id)),
    );
  };
}
