import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { registerRateLimit } from '../rate-limit.js';
import { agentContactsRoutes } from './contacts.routes.js';
import { agentsContactsErrorBody, agentsContactsErrorSchema } from './errors.js';

/** The Agents Contacts surface (seed 000) at /api/agents, with its `{error:{code,message}}` envelope. */
export function agentsContactsSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['api_key'] }));
    registerRateLimit(app, services.rateLimits, agentsContactsErrorSchema);
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(agentsContactsErrorBody(appError));
    });
    await app.withTypeProvider<ZodTypeProvider>().register(agentContactsRoutes(services));
  };
}
