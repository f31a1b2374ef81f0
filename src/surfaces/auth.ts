import type { FastifyRequest } from 'fastify';
import type { WorkspacesService } from '../modules/workspaces/workspaces.service.js';
import { actorOf } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import type { Tenant } from '../shared/tenant.js';

declare module 'fastify' {
  interface FastifyRequest {
    tenant?: Tenant;
  }
}

/** The API key from `Authorization: Bearer <key>`, `Authorization: <key>` or `X-API-Key: <key>`. */
export function presentedApiKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.trim()) return header.trim();
  const authorization = request.headers.authorization?.trim();
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
  return (bearer ? bearer[1]! : authorization).trim() || undefined;
}

/** An onRequest hook: resolves the workspace or fails with 401 in the surface's shape. */
export function requireApiKey(workspaces: WorkspacesService) {
  return async (request: FastifyRequest): Promise<void> => {
    const key = presentedApiKey(request);
    if (!key) {
      throw new AppError('UNAUTHENTICATED', 'Send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    }
    const authenticated = await workspaces.authenticate(key);
    if (!authenticated) throw new AppError('UNAUTHENTICATED', 'The API key is not valid or has been revoked');
    const { workspaceId, workspaceUuid, apiKeyId } = authenticated;
    // Everything this request changes is recorded as done by this key.
    request.tenant = { workspaceId, workspaceUuid, actor: actorOf('api_key', apiKeyId) };
  };
}

export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw new AppError('UNAUTHENTICATED', 'This route needs an API key');
  return request.tenant;
}
