import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { registerRateLimit } from '../rate-limit.js';
import { documentErrorResponses } from '../route-errors.js';
import { conversationsRoutes } from './conversations.routes.js';
import { isDatabaseError, supportErrorBody, supportErrorSchema } from './errors.js';

/** The customer support surface (seed 002) at /api/agents/customerSupport, with its `{success, error}` envelope. */
export function supportSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['api_key'] }));
    // Read-only surface: rate limited like the others; there are no writes to make idempotent.
    registerRateLimit(app, services.rateLimits, supportErrorSchema);
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(supportErrorBody(appError, isDatabaseError(error)));
    });
    documentErrorResponses(app, supportErrorSchema);
    await app.withTypeProvider<ZodTypeProvider>().register(conversationsRoutes(services));
  };
}
