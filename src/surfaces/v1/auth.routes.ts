import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Session } from '../../modules/auth/auth.service.js';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { tenantOf } from '../auth.js';
import { clearSessionCookie, setSessionCookie } from '../session-auth.js';
import { sessionSchema, loginBodySchema, setPasswordBodySchema } from './auth.schemas.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { idParams } from './params.js';
import { serializeUser } from './users.routes.js';

const tags = ['Auth'];

function serializeSession(session: Session): z.infer<typeof sessionSchema> {
  return {
    user: serializeUser(session.user),
    workspaceId: session.tenant.workspaceUuid,
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

function sessionOf(request: { caller?: { kind: string } }): Session {
  const caller = request.caller as { kind: string; session?: Session } | undefined;
  if (caller?.kind !== 'user' || !caller.session) throw new AppError('UNAUTHENTICATED', 'This route needs an inbox session');
  return caller.session;
}

/** Team members' logins for the inbox (docs/inbox.md): a session cookie and its CSRF token. */
export function authRoutes({ auth, users }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { callers: ['public'] },
        schema: {
          tags,
          summary: 'Log a team member in (sets the session cookie)',
          description:
            'Checks the email and password and sets the HttpOnly `switchboard_session` cookie. A wrong email or password is one generic 401. ' +
            'Attempts are limited per email and per client address (429 with Retry-After).',
          security: [],
          body: loginBodySchema,
          response: { 200: sessionSchema, ...v1ErrorResponses, 429: v1ErrorSchema },
        },
      },
      async (request, reply) => {
        try {
          const session = await auth.login({ ...request.body, ip: request.ip });
          setSessionCookie(request, reply, session.token, session.expiresAt);
          return serializeSession(session);
        } catch (error) {
          if (error instanceof AppError && error.code === 'RATE_LIMITED')
            reply.header('retry-after', String(error.details.retryAfterSeconds));
          throw error;
        }
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { callers: ['user'] },
        schema: {
          tags,
          summary: 'End the session (clears the cookie)',
          response: { 204: z.null(), ...v1ErrorResponses, 403: v1ErrorSchema },
        },
      },
      async (request, reply) => {
        await auth.logout(sessionOf(request).tokenHash);
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { callers: ['user'] },
        schema: {
          tags,
          summary: 'The logged-in member, their workspace and the session’s CSRF token',
          response: { 200: sessionSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeSession(sessionOf(request)),
    );

    app.put(
      '/users/:id/password',
      {
        config: { callers: ['api_key', 'user'] },
        schema: {
          tags: ['Users'],
          summary: 'Set a team member’s inbox password (ends their sessions)',
          description: 'With an API key, any member of the workspace; with a session, your own password, or anyone’s if you are an admin.',
          params: idParams('User id'),
          body: setPasswordBodySchema,
          response: { 204: z.null(), ...v1ErrorResponses, 403: v1ErrorSchema },
        },
      },
      async (request, reply) => {
        const tenant = tenantOf(request);
        // Another workspace's member is 404 whoever asks; a colleague's password is an admin's business.
        await users.getUserById(tenant, request.params.id);
        if (request.caller?.kind === 'user') {
          const { user } = sessionOf(request);
          if (user.role !== 'admin' && user.id !== request.params.id) {
            throw new AppError('FORBIDDEN', 'Only admins may set another member’s password');
          }
        }
        await auth.setPassword(tenant, request.params.id, request.body.password);
        return reply.status(204).send(null);
      },
    );
  };
}
