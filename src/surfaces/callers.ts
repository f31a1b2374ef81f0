import type { FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { AppError } from '../shared/errors.js';
import type { Tenant } from '../shared/tenant.js';
import type { Visitor } from '../modules/widget/widget-visitors.js';

/**
 * The kinds of caller a route can admit. `api_key`: a workspace API key (integrations, the
 * seeds' clients). `admin`: the operator's ADMIN_TOKEN. `user`: a team member's inbox session
 * and `visitor`: a widget visitor's token; routes may name those two before a surface can
 * authenticate them (a surface without an authenticator for a kind simply never admits it).
 */
export type CallerKind = 'api_key' | 'admin' | 'user' | 'visitor';

/**
 * What a route declares in `config.callers`: the kinds that may call it, or `['public']` for
 * routes that take no credential (health, the API reference, provider webhooks that verify
 * their own signatures).
 */
export type RouteCallers = readonly CallerKind[] | readonly ['public'];

/** Who is calling, once a surface's hook has authenticated the request. */
export type Caller =
  | { kind: 'api_key'; tenant: Tenant }
  | { kind: 'admin' }
  /** A widget visitor: reaches only their own contact's chat on their channel (src/surfaces/widget). */
  | { kind: 'visitor'; visitor: Visitor };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; required (a route without it fails at registration). */
    callers?: RouteCallers;
  }
  interface FastifyRequest {
    caller?: Caller;
    /** The workspace the caller acts for; set for workspace callers (`api_key`). */
    tenant?: Tenant;
  }
}

/**
 * Recognises one kind of caller. Returns the caller its credential proves, or the error to
 * answer when the request carries no valid credential of this kind (the hook answers the
 * first such error when no allowed kind matches).
 */
export type Authenticator = (request: FastifyRequest) => Promise<Caller | AppError>;
export type Authenticators = Partial<Record<CallerKind, Authenticator>>;

const KINDS = new Set<string>(['api_key', 'admin', 'user', 'visitor']);

export function isPublic(callers: RouteCallers): callers is readonly ['public'] {
  return callers.length === 1 && callers[0] === 'public';
}

/**
 * An onRoute hook for the root instance: every route must say who may call it, so none is
 * public by accident. Routes under `publicPrefixes` belong to plugins that cannot declare
 * (the API reference pages) and are marked public here.
 */
export function requireCallerDeclaration(publicPrefixes: string[]) {
  return (route: RouteOptions): void => {
    const declared = route.config?.callers;
    const where = `${String(route.method)} ${route.url}`;
    if (!declared) {
      if (!publicPrefixes.some((prefix) => route.url === prefix || route.url.startsWith(`${prefix}/`))) {
        throw new Error(`Route ${where} does not declare config.callers (see docs/architecture.md, "Adding a route")`);
      }
      route.config = { ...route.config, callers: ['public'] };
      return;
    }
    const kinds: readonly string[] = declared;
    if (kinds.length === 0) throw new Error(`Route ${where} declares no callers; use ['public'] for an open route`);
    if (kinds.includes('public') && kinds.length > 1) throw new Error(`Route ${where}: 'public' cannot be combined with other callers`);
    const unknown = kinds.find((kind) => kind !== 'public' && !KINDS.has(kind));
    if (unknown) throw new Error(`Route ${where} declares an unknown caller kind "${unknown}"`);
  };
}

/**
 * A surface's one authentication hook (onRequest): admits the request when it carries a valid
 * credential of a kind the route declares, and sets `request.caller` (and `request.tenant`).
 * Paths the surface has no route for are checked as `unknownRoutes`, so a caller without
 * credentials cannot tell which routes exist.
 */
export function authorizeCallers(authenticators: Authenticators, options: { unknownRoutes: RouteCallers }): onRequestAsyncHookHandler {
  return async (request) => {
    const callers = request.is404 ? options.unknownRoutes : request.routeOptions.config.callers;
    // Unreachable: requireCallerDeclaration refuses such routes at registration.
    if (!callers) throw new AppError('INTERNAL', `Route ${request.method} ${request.routeOptions.url} declares no callers`);
    if (isPublic(callers)) return;
    let refusal: AppError | undefined;
    for (const kind of callers as readonly CallerKind[]) {
      const authenticate = authenticators[kind];
      if (!authenticate) continue;
      const result = await authenticate(request);
      if (result instanceof AppError) {
        refusal ??= result;
        continue;
      }
      request.caller = result;
      if (result.kind === 'api_key') request.tenant = result.tenant;
      return;
    }
    throw refusal ?? new AppError('UNAUTHENTICATED', `This route is for ${callers.join(' or ')} callers`);
  };
}
