import cors from '@fastify/cors';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../../config.js';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { documentErrorResponses } from '../route-errors.js';
import './context.js';
import { widgetErrorBody, widgetErrorSchema } from './errors.js';
import { eventRoutes } from './events.routes.js';
import { WidgetLimits } from './limits.js';
import { messageRoutes } from './messages.routes.js';
import { sessionRoutes } from './sessions.routes.js';

/** Requests and messages are small; a body past this is refused before it is read whole. */
const BODY_LIMIT_BYTES = 16 * 1024;

/** The website token a public route names (query or body), if any. */
function presentedWebsiteToken(request: FastifyRequest): string | undefined {
  const from = (value: unknown) => (value && typeof value === 'object' ? (value as { websiteToken?: unknown }).websiteToken : undefined);
  const token = from(request.body) ?? from(request.query);
  return typeof token === 'string' ? token.trim() : undefined;
}

/**
 * The public web chat widget API at /api/widget/v1 (docs/widget.md), with `{error:{code,message}}`
 * errors. Callers are visitors (their signed token) or, for config and sessions, anyone with a
 * channel's website token. Every request is checked against the channel's allowed origins
 * before a handler runs; CORS headers are given to those origins only.
 */
export function widgetSurface(services: Services, authenticators: Authenticators, config: Config): FastifyPluginAsync {
  const limits = new WidgetLimits(config);
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['visitor'] }));
    app.addHook('onRequest', async (request, reply) => {
      if (request.method !== 'OPTIONS') limits.request(request.ip, reply);
    });
    // Find the channel (the visitor's, or the website token's) and refuse origins it does not allow.
    app.addHook('preHandler', async (request) => {
      if (request.method === 'OPTIONS' || request.is404) return;
      const channel =
        request.caller?.kind === 'visitor'
          ? request.caller.visitor.channel
          : await services.widget.findChannel(presentedWebsiteToken(request) ?? '');
      services.widget.checkOrigin(channel, request.headers.origin);
      request.widgetChannel = channel;
    });
    // Registered after the origin check: the headers go out only once the origin passed it. A
    // preflight carries no token, so it is answered for any origin; it grants nothing by itself.
    await app.register(cors, {
      hook: 'preHandler',
      delegator: async (request: FastifyRequest) =>
        request.method === 'OPTIONS'
          ? { origin: true, methods: ['GET', 'POST'], allowedHeaders: ['authorization', 'content-type', 'last-event-id'], maxAge: 600 }
          : { origin: request.widgetChannel !== undefined, exposedHeaders: ['Retry-After'] },
    });
    documentErrorResponses(app, widgetErrorSchema);
    app.addHook('onRoute', (route) => {
      route.bodyLimit ??= BODY_LIMIT_BYTES;
      const response = route.schema?.response as Record<number, unknown> | undefined;
      if (response) response[403] ??= widgetErrorSchema;
    });
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(widgetErrorBody(appError));
    });
    app.setNotFoundHandler((request, reply) => {
      const error = new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
      return reply.status(404).send(widgetErrorBody(error));
    });
    const typed = app.withTypeProvider<ZodTypeProvider>();
    await typed.register(sessionRoutes(services));
    await typed.register(messageRoutes(services, limits));
    await typed.register(eventRoutes(services));
  };
}
