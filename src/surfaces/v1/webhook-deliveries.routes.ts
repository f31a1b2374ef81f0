import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { idParams } from './params.js';
import { deliveryPageSchema, deliveryParams, deliverySchema } from './webhooks.schemas.js';
import { serializeDelivery } from './webhooks.serializers.js';

const tags = ['Webhooks'];

/** A webhook's delivery log and replays. */
export function webhookDeliveriesRoutes({ webhookDeliveries }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/webhooks/:id/deliveries',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: "List a webhook's deliveries",
          description:
            'Newest first. filterBy: `status` (pending, succeeded, failed), `eventType`, `lastResponseStatus`, `id`. sortBy: `id`, `createdAt`, `updatedAt`, `attempts`, `status`.',
          params: idParams('Webhook id'),
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: deliveryPageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await webhookDeliveries.findDeliveries(
          tenantOf(request),
          request.params.id,
          fromQueryString(request.query, DEFAULT_PAGE_SIZE),
        );
        return { items: page.items.map(serializeDelivery), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.get(
      '/webhooks/:id/deliveries/:deliveryId',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a delivery', params: deliveryParams, response: { 200: deliverySchema, ...v1ErrorResponses } },
      },
      async (request) =>
        serializeDelivery(await webhookDeliveries.getDeliveryById(tenantOf(request), request.params.id, request.params.deliveryId)),
    );

    app.post(
      '/webhooks/:id/deliveries/:deliveryId/replay',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Send a delivery again',
          description:
            'Sends the same event (same event id) now, and retries it like a new delivery if that fails. 409 when the webhook is disabled.',
          params: deliveryParams,
          body: z.object({}).strict().nullish(),
          response: { 202: deliverySchema, ...v1ErrorResponses, 409: v1ErrorSchema },
        },
      },
      async (request, reply) => {
        const delivery = await webhookDeliveries.replayDelivery(tenantOf(request), request.params.id, request.params.deliveryId);
        return reply.status(202).send(serializeDelivery(delivery));
      },
    );
  };
}
