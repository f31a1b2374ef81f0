import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService, Session } from '../modules/auth/auth.service.js';
import { AppError } from '../shared/errors.js';
import type { Authenticator } from './callers.js';

/** The inbox session cookie: HttpOnly (no script reads it), SameSite=Lax, Secure on https. */
export const SESSION_COOKIE = 'switchboard_session';
/** The header a cookie-authenticated write must carry: the session's CSRF token (from login or GET /auth/me). */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return token && token.length <= 200 ? token : undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    expires: expiresAt,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' });
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Cross-site request forgery checks for writes made with the session cookie: the browser must
 * send the session's CSRF token in `X-CSRF-Token` (a page on another site cannot read it), and
 * an `Origin` header, when sent, must be this server's own.
 */
function csrfRefusal(request: FastifyRequest, session: Session): AppError | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.origin;
  if (origin && origin !== `${request.protocol}://${request.host}`) {
    return new AppError('FORBIDDEN', `Requests with the session cookie must come from this server's own pages, not ${origin}`);
  }
  const presented = request.headers[CSRF_HEADER];
  if (typeof presented !== 'string' || !sameText(presented, session.csrfToken)) {
    return new AppError('FORBIDDEN', `Send the session's CSRF token (from login or GET /api/v1/auth/me) in the ${CSRF_HEADER} header`);
  }
  return undefined;
}

/** Recognises a team member's inbox session cookie (caller kind `user`). */
export function sessionAuthenticator(auth: AuthService): Authenticator {
  return async (request) => {
    const token = sessionTokenOf(request);
    if (!token) return new AppError('UNAUTHENTICATED', 'Log in first: POST /api/v1/auth/login sets the session cookie');
    const session = await auth.authenticate(token);
    if (!session) return new AppError('UNAUTHENTICATED', 'The session has ended or expired: log in again');
    return csrfRefusal(request, session) ?? { kind: 'user', tenant: session.tenant, session };
  };
}
