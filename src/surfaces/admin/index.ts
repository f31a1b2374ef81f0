import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { documentErrorResponses } from '../route-errors.js';
import { v1ErrorBody, v1ErrorSchema } from '../v1/errors.js';

const workspaceSchema = z.object({ id: z.uuid(), name: z.string() });
const errors = { 400: v1ErrorSchema, 401: v1ErrorSchema, 404: v1ErrorSchema };
const apiKeySummarySchema = z.object({
  id: z.uuid().describe('Key id, for revoking'),
  prefix: z.string().describe('The first characters of the key, to tell keys apart').meta({ example: 'sb_Xk3v9' }),
  createdAt: z.string().describe('When the key was issued').meta({ example: '2025-03-01T09:30:00.000Z' }),
  revokedAt: z.string().nullable().describe('When the key was revoked; null while it works').meta({ example: null }),
});

/** Operator API at /admin/v1, enabled by ADMIN_TOKEN (404 without it). Errors use the v1 shape. */
export function adminSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['admin'] }));
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(v1ErrorBody(appError));
    });
    documentErrorResponses(app, v1ErrorSchema);
    const typed = app.withTypeProvider<ZodTypeProvider>();

    typed.post(
      '/workspaces',
      {
        config: { callers: ['admin'] },
        schema: {
          tags: ['Admin'],
          summary: 'Create a workspace and its first API key',
          body: z.object({ name: z.string().trim().min(1).max(200).describe('Workspace name').meta({ example: 'Acme support' }) }).strict(),
          response: {
            201: z.object({
              workspace: workspaceSchema,
              apiKey: z.string().describe('Shown once'),
              apiKeyId: z.uuid().describe('The key id, for revoking'),
            }),
            ...errors,
          },
        },
      },
      async (request, reply) => {
        const { workspace, apiKey, apiKeyId } = await services.workspaces.createWorkspace(request.body.name);
        return reply.status(201).send({ workspace: { id: workspace.id, name: workspace.name }, apiKey, apiKeyId });
      },
    );

    typed.get(
      '/workspaces/:id/api-keys',
      {
        config: { callers: ['admin'] },
        schema: {
          tags: ['Admin'],
          summary: "List a workspace's API keys (ids and prefixes; the keys themselves are never kept)",
          params: z.object({ id: z.uuid().describe('Workspace id') }),
          response: { 200: z.object({ items: z.array(apiKeySummarySchema) }), ...errors },
        },
      },
      async (request) => {
        const keys = await services.workspaces.listApiKeys(request.params.id);
        return {
          items: keys.map((key) => ({
            id: key.id,
            prefix: key.prefix,
            createdAt: key.createdAt.toISOString(),
            revokedAt: key.revokedAt?.toISOString() ?? null,
          })),
        };
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
