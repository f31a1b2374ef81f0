import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { registerRateLimit } from '../rate-limit.js';
import { aiContactRoutes } from './ai-contact.routes.js';
import { publicErrorBody, publicErrorSchema } from './errors.js';

/** The AI contact surface (seed 001) at /api/public, with its own `{statusCode, error, message}` errors. */
export function publicSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['api_key'] }));
    registerRateLimit(app, services.rateLimits, publicErrorSchema);
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(publicErrorBody(appError));
    });
    app.setNotFoundHandler((request, reply) => {
      const error = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
      return reply.status(404).send(publicErrorBody(error));
    });
    await app.withTypeProvider<ZodTypeProvider>().register(aiContactRoutes(services));
  };
}
