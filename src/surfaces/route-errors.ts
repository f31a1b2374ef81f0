import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import { AppError } from '../shared/errors.js';
import { errorFormatFor } from './error-shapes.js';
import { toAppError } from './errors.js';

/**
 * Documents the error answers every operation of a surface can give, in that surface's error
 * shape, by adding them to each route's response schema as it is registered (register before
 * the routes). 400: bad input; 401: no or a wrong key; 404: unknown or another workspace's
 * object; 413 and 415: body too large or not JSON; 429: rate limited; 409: a write conflicting
 * with the current state or with a running request of the same Idempotency-Key.
 */
export function documentErrorResponses(app: FastifyInstance, errorSchema: ZodType, options: { authenticated?: boolean } = {}): void {
  const always = [400, 404, 413, 415, 429, ...(options.authenticated === false ? [] : [401])];
  app.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (!schema || schema.hide) return;
    const response = (schema.response ??= {}) as Record<string | number, unknown>;
    const methods = [route.method].flat();
    const writes = methods.some((method) => method !== 'GET' && method !== 'HEAD');
    for (const status of writes ? [...always, 409] : always) response[status] ??= errorSchema;
  });
}

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/api/v1/contacts/:id` → a pattern matching `/api/v1/contacts/42` (trailing slash optional). */
function routePattern(url: string): RegExp {
  const source = url
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * One handler for requests that match no route, on every surface: 405 with an Allow header
 * when the path exists with other methods, else 404; either in the error shape of the surface
 * whose prefix the path starts with (errorFormatFor). Failures outside every surface's own
 * error handler (the inbox's files, /docs, a URL that does not decode) get the same shapes.
 * Call before routes are registered.
 */
export function registerRouteErrors(server: FastifyInstance): void {
  const routes = new Map<string, KnownRoute>();
  server.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { pattern: routePattern(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method);
    routes.set(route.url, known);
  });

  server.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    const allowed = new Set<string>();
    for (const route of routes.values()) if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    const format = errorFormatFor(path);
    if (allowed.size > 0) {
      const methods = [...allowed].sort();
      const error = new AppError('METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}; use ${methods.join(', ')}`, {
        allow: methods,
      });
      return reply.status(405).header('Allow', methods.join(', ')).send(format(error));
    }
    const error = new AppError('NOT_FOUND', `No route ${request.method} ${path}: see /docs for the API reference`);
    return reply.status(404).send(format(error));
  });

  server.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request.log);
    return reply.status(appError.status).send(errorFormatFor(request.url)(appError));
  });
}

/** Fastify's `frameworkErrors`: a URL that does not decode (`/api/v1/contacts/%ff`) is a 400 in its surface's shape. */
export function badUrlError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_BAD_URL' ? `The URL does not decode: ${error.message}` : error.message;
  const appError = new AppError('VALIDATION_FAILED', message, { field: 'url' });
  void reply.status(400).send(errorFormatFor(request.url)(appError));
}
