import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { actorOf } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import type { Tenant } from '../shared/tenant.js';
import type { Authenticator } from './callers.js';

/** The API key from `Authorization: Bearer <key>`, `Authorization: <key>` or `X-API-Key: <key>`. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = request.headers.authorization?.trim();
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  return (bearer ? bearer[1]! : authorization).trim() || undefined;
}

/** Recognises a workspace API key (caller kind `api_key`). */
export function apiKeyAuthenticator(workspaces: WorkspacesService): Authenticator {
  return async (request) => {
    const key = presentedApiKey(request);
    if (!key) {
      return new AppError('UNAUTHENTICATED', 'Send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    const authenticated = await workspaces.authenticate(key);
    if (!authenticated) return new AppError('UNAUTHENTICATED', 'The API key is not valid or has been revoked');
    const { workspaceId, workspaceUuid, apiKeyId } = authenticated;
    // Everything this request changes is recorded as done by this key.
    return { kind: 'api_key', tenant: { workspaceId, workspaceUuid, actor: actorOf('api_key', apiKeyId) } };
  };
}

/**
 * Recognises the operator's ADMIN_TOKEN (caller kind `admin`), compared in constant time.
 * Without ADMIN_TOKEN admin routes answer 404, as if they did not exist.
 */
export function adminAuthenticator(adminToken: string | undefined): Authenticator {
  const expected = Buffer.from(adminToken ?? '');
  return async (request) => {
    if (!adminToken) return new AppError('NOT_FOUND', 'The admin API is disabled: set ADMIN_TOKEN to enable it');
    const presented = Buffer.from(/^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      return new AppError('UNAUTHENTICATED', 'Send the operator token as "Authorization: Bearer <ADMIN_TOKEN>"');
    }
    return { kind: 'admin' };
  };
}

export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw new AppError('UNAUTHENTICATED', 'This route needs an API key');
  return request.tenant;
}
