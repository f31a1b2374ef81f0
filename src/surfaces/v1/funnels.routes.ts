import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { invalid } from '../../shared/errors.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import {
  createFunnelBodySchema,
  createFunnelStatusBodySchema,
  funnelListSchema,
  funnelParams,
  funnelSchema,
  funnelStatusListSchema,
  funnelStatusParams,
  funnelStatusSchema,
  updateFunnelBodySchema,
  updateFunnelStatusBodySchema,
} from './funnels.schemas.js';
import { serializeFunnel, serializeFunnelStatus } from './funnels.serializers.js';

const tags = ['Funnels'];
const withConflict = { ...v1ErrorResponses, 409: v1ErrorSchema };
const STATUSES = '/funnels/:id/statuses';

/** Funnels (pipelines) and their ordered statuses, which funnel conversations point at. */
export function funnelsRoutes({ funnels, funnelStatuses }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/funnels',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetFunnels',
          summary: 'List funnels',
          description:
            'filterBy: `id`, `name`, `description`. sortBy: `createdAt` (default, ascending), `updatedAt`, `name`, `id`. searchBy matches the name.',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: funnelListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await funnels.findFunnels(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeFunnel), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/funnels',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateFunnel',
          summary: 'Create a funnel, optionally with its statuses',
          body: createFunnelBodySchema,
          response: { 200: funnelSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeFunnel(await funnels.createFunnel(tenantOf(request), request.body)),
    );

    app.get(
      '/funnels/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetFunnel',
          summary: 'Get a funnel with its statuses',
          params: funnelParams,
          response: { 200: funnelSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeFunnel(await funnels.getFunnelById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/funnels/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateFunnel',
          summary: 'Update a funnel (only the fields sent change)',
          description: 'Statuses are changed through /funnels/{id}/statuses.',
          params: funnelParams,
          body: updateFunnelBodySchema,
          response: { 200: funnelSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { name, description } = request.body;
        return serializeFunnel(await funnels.updateFunnel(tenantOf(request), request.params.id, { name, description }));
      },
    );

    app.delete(
      '/funnels/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteFunnel',
          summary: 'Delete a funnel and its statuses (returns it)',
          description: 'A funnel that still holds conversations is a 409: delete or move them first.',
          params: funnelParams,
          response: { 200: funnelSchema, ...withConflict },
        },
      },
      async (request) => serializeFunnel(await funnels.deleteFunnel(tenantOf(request), request.params.id)),
    );

    app.get(
      STATUSES,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetFunnelStatuses',
          summary: "List a funnel's statuses, in order",
          params: funnelParams,
          response: { 200: funnelStatusListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const statuses = await funnelStatuses.findStatuses(tenantOf(request), request.params.id);
        return { items: statuses.map(serializeFunnelStatus), nextPageToken: null, totalCount: statuses.length };
      },
    );

    app.post(
      STATUSES,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateFunnelStatus',
          summary: 'Add a status to a funnel',
          description:
            'Inserted at `position` (0 = first), shifting the statuses after it; appended when absent. Names are unique within the funnel (409).',
          params: funnelParams,
          body: createFunnelStatusBodySchema,
          response: { 200: funnelStatusSchema, ...withConflict },
        },
      },
      async (request) => {
        const { funnelId, ...input } = request.body;
        checkSameFunnel(funnelId, request.params.id);
        return serializeFunnelStatus(await funnelStatuses.createStatus(tenantOf(request), request.params.id, input));
      },
    );

    app.get(
      `${STATUSES}/:statusId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetFunnelStatus',
          summary: 'Get a funnel status',
          params: funnelStatusParams,
          response: { 200: funnelStatusSchema, ...v1ErrorResponses },
        },
      },
      async (request) =>
        serializeFunnelStatus(await funnelStatuses.getStatusById(tenantOf(request), request.params.id, request.params.statusId)),
    );

    app.put(
      `${STATUSES}/:statusId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateFunnelStatus',
          summary: 'Rename or move a funnel status',
          description: 'Moving it to `position` shifts the statuses in between.',
          params: funnelStatusParams,
          body: updateFunnelStatusBodySchema,
          response: { 200: funnelStatusSchema, ...withConflict },
        },
      },
      async (request) => {
        const { name, position, funnelId } = request.body;
        checkSameFunnel(funnelId, request.params.id);
        return serializeFunnelStatus(
          await funnelStatuses.updateStatus(tenantOf(request), request.params.id, request.params.statusId, { name, position }),
        );
      },
    );

    app.delete(
      `${STATUSES}/:statusId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteFunnelStatus',
          summary: 'Delete a funnel status (returns it)',
          description: 'A status that conversations are in is a 409: move them first.',
          params: funnelStatusParams,
          response: { 200: funnelStatusSchema, ...withConflict },
        },
      },
      async (request) =>
        serializeFunnelStatus(await funnelStatuses.deleteStatus(tenantOf(request), request.params.id, request.params.statusId)),
    );
  };
}

function checkSameFunnel(bodyFunnelId: number | undefined, pathFunnelId: number): void {
  if (bodyFunnelId !== undefined && bodyFunnelId !== pathFunnelId) {
    throw invalid('funnelId', `is ${bodyFunnelId} but the path names funnel ${pathFunnelId}; a status cannot move to another funnel`);
  }
}
