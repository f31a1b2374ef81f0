import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses } from './errors.js';
import { idParams } from './params.js';
import {
  createWebhookBodySchema,
  updateWebhookBodySchema,
  webhookPageSchema,
  webhookSchema,
  webhookWithSecretSchema,
} from './webhooks.schemas.js';
import { serializeWebhook } from './webhooks.serializers.js';

const tags = ['Webhooks'];
const params = idParams('Webhook id');

/** Webhook subscriptions: see docs/webhooks.md. */
export function webhooksRoutes({ webhooks }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/webhooks',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List webhooks',
          description:
            'filterBy: `enabled`, `url`, `description`, `id`. sortBy: `createdAt` (default, ascending), `updatedAt`, `url`, `id`.',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: webhookPageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await webhooks.findSubscriptions(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeWebhook), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/webhooks',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Create a webhook',
          description:
            'Events of the given types are POSTed to the URL, signed with the secret returned here (and only here). See docs/webhooks.md.',
          body: createWebhookBodySchema,
          response: { 200: webhookWithSecretSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { subscription, secret } = await webhooks.createSubscription(tenantOf(request), request.body);
        return { ...serializeWebhook(subscription), secret };
      },
    );

    app.get(
      '/webhooks/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a webhook', params, response: { 200: webhookSchema, ...v1ErrorResponses } },
      },
      async (request) => serializeWebhook(await webhooks.getSubscriptionById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/webhooks/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a webhook',
          description: 'Only the fields sent change. `enabled: true` re-enables a webhook that was disabled after failing.',
          params,
          body: updateWebhookBodySchema,
          response: { 200: webhookSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeWebhook(await webhooks.updateSubscription(tenantOf(request), request.params.id, request.body)),
    );

    app.post(
      '/webhooks/:id/rotate-secret',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Replace the signing secret',
          description: 'The next attempts are signed with the new secret, returned here only.',
          params,
          response: { 200: webhookWithSecretSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { subscription, secret } = await webhooks.rotateSecret(tenantOf(request), request.params.id);
        return { ...serializeWebhook(subscription), secret };
      },
    );

    app.delete(
      '/webhooks/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Delete a webhook and its delivery log (returns it)',
          params,
          response: { 200: webhookSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeWebhook(await webhooks.deleteSubscription(tenantOf(request), request.params.id)),
    );
  };
}
