import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { RateLimiter, RateLimitTier } from '../modules/rate-limits/rate-limiter.js';
import { hashApiKey } from '../modules/workspaces/workspaces.service.js';
import { AppError } from '../shared/errors.js';
import { presentedApiKey } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Overrides the tier read from the path (`search` for paths ending in /search or /export.*). */
    rateLimitTier?: RateLimitTier;
  }
}

/** Search and export endpoints: the expensive reads. */
const SEARCH_PATH = /\/(search|export(\.[a-z0-9]+)?)$/i;

export function rateLimitTierOf(request: FastifyRequest): RateLimitTier {
  return request.routeOptions.config.rateLimitTier ?? (SEARCH_PATH.test(request.routeOptions.url ?? '') ? 'search' : 'general');
}

/**
 * Per-API-key rate limits for a surface. Register after the API key hook (it counts the key
 * that authenticated); a request over the budget fails with RATE_LIMITED, which the surface's
 * error handler shapes, with `Retry-After` set. Every answer carries the RateLimit-* headers.
 * With `errorSchema`, routes also document the 429 in OpenAPI.
 */
export function registerRateLimit(app: FastifyInstance, limiter: RateLimiter, errorSchema?: ZodType): void {
  if (!limiter.options.enabled) return;
  if (errorSchema) {
    app.addHook('onRoute', (route) => {
      const response = route.schema?.response as Record<string, unknown> | undefined;
      if (response && !response[429]) response[429] = errorSchema;
    });
  }
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedApiKey(request);
    if (!key) return;
    const tier = rateLimitTierOf(request);
    const decision = await limiter.take(hashApiKey(key), tier);
    reply.header('RateLimit-Limit', decision.limit);
    reply.header('RateLimit-Remaining', decision.remaining);
    reply.header('RateLimit-Reset', decision.resetSeconds);
    if (decision.allowed) return;
    reply.header('Retry-After', decision.resetSeconds);
    const windowSeconds = Math.round(limiter.options.windowMs / 1000);
    throw new AppError(
      'RATE_LIMITED',
      `This API key made more than ${decision.limit} ${tier === 'search' ? 'search and export ' : ''}requests in ${windowSeconds} seconds; retry in ${decision.resetSeconds} seconds`,
      { limit: decision.limit, tier, retryAfterSeconds: decision.resetSeconds },
    );
  });
}
