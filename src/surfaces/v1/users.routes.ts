import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { User } from '../../modules/users/users.schemas.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { idParams } from './params.js';
import { createUserBodySchema, updateUserBodySchema, userListQuerySchema, userListSchema, userSchema } from './users.schemas.js';

const tags = ['Users'];
const params = idParams('User id');
const writeErrors = { ...v1ErrorResponses, 409: v1ErrorSchema };

export function serializeUser(user: User): z.infer<typeof userSchema> {
  return { ...user, createdAt: user.createdAt.toISOString(), updatedAt: user.updatedAt.toISOString() };
}

/** Team members (`/api/v1/users`). */
export function usersRoutes({ users }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List team members (oldest first)',
          querystring: userListQuerySchema,
          response: { 200: userListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { limit, pageToken, ...filters } = request.query;
        const page = await users.findUsers(tenantOf(request), filters, { limit, pageToken });
        return { nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0, items: page.items.map(serializeUser) };
      },
    );

    app.post(
      '/users',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Add a team member (409 when the email is taken)',
          body: createUserBodySchema,
          response: { 200: userSchema, ...writeErrors },
        },
      },
      async (request) => serializeUser(await users.createUser(tenantOf(request), request.body)),
    );

    app.get(
      '/users/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a team member', params, response: { 200: userSchema, ...v1ErrorResponses } },
      },
      async (request) => serializeUser(await users.getUserById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/users/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a team member (only the fields sent change)',
          params,
          body: updateUserBodySchema,
          response: { 200: userSchema, ...writeErrors },
        },
      },
      async (request) => serializeUser(await users.updateUser(tenantOf(request), request.params.id, request.body)),
    );

    for (const [action, active] of [
      ['deactivate', false],
      ['activate', true],
    ] as const) {
      app.post(
        `/users/:id/${action}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags,
            summary: active ? 'Reactivate a team member' : 'Deactivate a team member (kept, but no longer assignable)',
            params,
            body: z.object({}).strict().nullish(),
            response: { 200: userSchema, ...v1ErrorResponses },
          },
        },
        async (request) => serializeUser(await users.setActive(tenantOf(request), request.params.id, active)),
      );
    }
  };
}
