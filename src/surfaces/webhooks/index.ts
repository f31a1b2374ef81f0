import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { documentErrorResponses } from '../route-errors.js';
import { webhookErrorBody, webhookErrorSchema } from './errors.js';
import { voiceWebhookRoutes } from './voice.routes.js';
import { whatsappWebhookRoutes } from './whatsapp.routes.js';

/**
 * Inbound provider webhooks at /webhooks. Bodies arrive as raw bytes (signatures are computed
 * over the exact bytes), so this plugin replaces the JSON parser for its own routes only.
 */
export function webhooksSurface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    // Provider webhooks are public routes that verify their providers' signatures themselves.
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['public'] }));
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(webhookErrorBody(appError));
    });
    documentErrorResponses(app, webhookErrorSchema);
    await app.withTypeProvider<ZodTypeProvider>().register(whatsappWebhookRoutes(services));
    await app.withTypeProvider<ZodTypeProvider>().register(voiceWebhookRoutes(services));
  };
}
