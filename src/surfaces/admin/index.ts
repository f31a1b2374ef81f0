import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { v1ErrorBody, v1ErrorSchema } from '../v1/errors.js';

const workspaceSchema = z.object({ id: z.uuid(), name: z.string() });
const errors = { 400: v1ErrorSchema, 401: v1ErrorSchema, 404: v1ErrorSchema };

/** Operator API at /admin/v1, enabled by ADMIN_TOKEN (404 without it). Errors use the v1 shape. */
export function adminSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['admin'] }));
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(v1ErrorBody(appError));
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();

    typed.post(
      '/workspaces',
      {
        config: { callers: ['admin'] },
        schema: {
          tags: ['Admin'],
          summary: 'Create a workspace and its first API key',
          body: z.object({ name: z.string().trim().min(1).max(200).describe('Workspace name') }).strict(),
          response: { 201: z.object({ workspace: workspaceSchema, apiKey: z.string().describe('Shown once') }), ...errors },
        },
      },
      async (request, reply) => {
        const { workspace, apiKey } = await services.workspaces.createWorkspace(request.body.name);
        return reply.status(201).send({ workspace: { id: workspace.id, name: workspace.name }, apiKey });
      },
    );

    typed.post(
      '/workspaces/:id/api-keys',
      {
        config: { callers: ['admin'] },
        schema: {
          tags: ['Admin'],
          summary: 'Issue another API key for a workspace',
          params: z.object({ id: z.uuid().describe('Workspace id') }),
          response: {
            201: z.object({ apiKey: z.string().describe('Shown once'), id: z.uuid().describe('Key id, for revoking') }),
            ...errors,
          },
        },
      },
      async (request, reply) => reply.status(201).send(await services.workspaces.issueApiKey(request.params.id)),
    );

    typed.delete(
      '/api-keys/:id',
      {
        config: { callers: ['admin'] },
        schema: {
          tags: ['Admin'],
          summary: 'Revoke an API key',
          params: z.object({ id: z.uuid().describe('Key id') }),
          response: { 204: z.null(), ...errors },
        },
      },
      async (request, reply) => {
        await services.workspaces.revokeApiKey(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
