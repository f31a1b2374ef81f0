import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { registerIdempotency } from '../idempotency.js';
import { registerRateLimit } from '../rate-limit.js';
import { documentErrorResponses } from '../route-errors.js';
import { chatAgentRunsRoutes } from './chat-agent-runs.routes.js';
import { chatCapturesRoutes } from './chat-captures.routes.js';
import { chatMessagesRoutes } from './chat-messages.routes.js';
import { chatsRoutes } from './chats.routes.js';
import { chatsErrorBody, chatsErrorSchema } from './errors.js';

/**
 * Clients write arrays as `channelIds=a&channelIds=b` or `channelIds[]=a&channelIds[]=b`;
 * both reach the schemas under the plain name.
 */
async function foldBracketKeys(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  for (const key of Object.keys(query)) {
    if (!key.endsWith('[]')) continue;
    const name = key.slice(0, -2);
    const values = [query[name], query[key]].flat().filter((value) => value !== undefined);
    delete query[key];
    query[name] = values;
  }
}

/** The Chats surface (seed 004) at /api/v1/chats, with its own `{code, message}` errors. */
export function chatsSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    // Paths under /api/v1 that match no route are the v1 surface's (it owns the not-found handler).
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['api_key'] }));
    registerRateLimit(app, services.rateLimits, chatsErrorSchema);
    registerIdempotency(app, services.idempotency, chatsErrorSchema);
    app.addHook('preValidation', foldBracketKeys);
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(chatsErrorBody(appError));
    });
    documentErrorResponses(app, chatsErrorSchema);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    await typed.register(chatsRoutes(services));
    await typed.register(chatMessagesRoutes(services));
    await typed.register(chatAgentRunsRoutes(services));
    await typed.register(chatCapturesRoutes(services));
  };
}
