import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { IdempotencyService } from '../modules/idempotency/idempotency.service.js';
import { AppError, invalid } from '../shared/errors.js';
import { tenantOf } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency?: { key: string; requestHash: string; claimId?: number };
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const RETRYABLE_STATUSES = new Set([502, 503]);

/** JSON with object keys sorted, so the same body sent with keys in another order is the same request. */
function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === 'object' && !Array.isArray(inner) && !Buffer.isBuffer(inner)
        ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner,
    ) ?? ''
  );
}

export function hashRequest(method: string, url: string, body: unknown): string {
  const content = typeof body === 'string' || Buffer.isBuffer(body) ? body : canonicalJson(body);
  return createHash('sha256').update(`${method}\n${url}\n`).update(content).digest('hex');
}

/**
 * `Idempotency-Key` on a surface's POST, PUT and PATCH routes. The first request with a key
 * runs and its answer (any status but 502 and 503) is stored; the same key with the same method,
 * path and body gets that answer again with `Idempotent-Replayed: true`; with another request
 * it is 422 (UNPROCESSABLE); while the first is still running, 409 (CONFLICT) with Retry-After.
 * Invalid input is rejected before a key is taken, so fixing the body and retrying works.
 * Register after the API key hook. With `errorSchema`, write routes document 409 and 422.
 */
export function registerIdempotency(app: FastifyInstance, idempotency: IdempotencyService, errorSchema?: ZodType): void {
  if (errorSchema) {
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat();
      const response = route.schema?.response as Record<string, unknown> | undefined;
      if (!response || !methods.some((method) => WRITE_METHODS.has(method))) return;
      response[409] ??= errorSchema;
      response[422] ??= errorSchema;
    });
  }

  // Before validation: the body as sent, not as the route's schema rewrites it.
  app.addHook('preValidation', async (request: FastifyRequest) => {
    if (!WRITE_METHODS.has(request.method)) return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || !KEY_FORMAT.test(key))
      throw invalid(IDEMPOTENCY_KEY_HEADER, 'must be 1 to 255 visible ASCII characters, e.g. a UUID');
    request.idempotency = { key, requestHash: hashRequest(request.method, request.url, request.body) };
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const pending = request.idempotency;
    if (!pending) return;
    const claim = await idempotency
      .begin(tenantOf(request).workspaceId, {
        key: pending.key,
        requestHash: pending.requestHash,
        method: request.method,
        path: request.url,
      })
      .catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'CONFLICT') reply.header('Retry-After', 1);
        throw error;
      });
    if (claim.outcome === 'claimed') {
      pending.claimId = claim.id;
      return;
    }
    reply.code(claim.status).header(REPLAYED_HEADER, 'true');
    if (claim.contentType) reply.header('content-type', claim.contentType);
    return reply.send(claim.body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claimId = request.idempotency?.claimId;
    if (claimId === undefined) return payload;
    request.idempotency!.claimId = undefined;
    const workspaceId = tenantOf(request).workspaceId;
    const storable = payload === undefined || payload === null || typeof payload === 'string' || Buffer.isBuffer(payload);
    try {
      // 502 and 503 say the request could not be carried out (a provider or the database was
      // unreachable): free the key so a retry runs again. Any other answer, a 500 included, is
      // kept: the request may have committed before failing, and a retry must not write twice.
      if (RETRYABLE_STATUSES.has(reply.statusCode) || !storable) await idempotency.release(workspaceId, claimId);
      else {
        const contentType = reply.getHeader('content-type');
        await idempotency.complete(workspaceId, claimId, {
          status: reply.statusCode,
          body: payload === undefined || payload === null ? '' : payload.toString(),
          contentType: typeof contentType === 'string' ? contentType : null,
        });
      }
    } catch (error) {
      // The answer still goes out; the key stays locked until it times out.
      request.log.error({ err: error }, 'could not store the idempotent response');
    }
    return payload;
  });
}
