import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseEventTypePatterns } from '../../modules/events/event-types.js';
import type { Services } from '../../services.js';
import { hashApiKey } from '../../modules/workspaces/workspaces.service.js';
import { presentedApiKey, tenantOf } from '../auth.js';
import { SseConnections, type KeyRevocations } from '../realtime/sse.js';
import { v1ErrorResponses } from './errors.js';

const eventId = z.string().regex(/^\d{1,18}$/, 'must be an event id (a number)');

const streamQuerySchema = z.object({
  types: z
    .string()
    .max(2000)
    .optional()
    .describe('Comma-separated event types to receive: exact, `contact.*`, `*.deleted`; all when absent')
    .meta({ example: 'contact.*,company.created' }),
  lastEventId: eventId.optional().describe('Resume after this event, for clients that cannot send the Last-Event-ID header'),
});

const streamHeadersSchema = z.looseObject({
  'last-event-id': eventId.optional().describe('Resume after this event (EventSource sends it when it reconnects)'),
});

/** The realtime event stream: see docs/realtime.md. */
/** Streams opened with an inbox session are keyed `session:<token hash>`, beside API key hashes. */
const SESSION_PREFIX = 'session:';

/**
 * The credentials open streams were opened with: API keys (revoked through any process) and
 * inbox sessions (ended at logout or expiry, or their member deactivated).
 */
function credentialRevocations(workspaces: Services['workspaces'], auth: Services['auth']): KeyRevocations {
  return {
    onKeyRevoked(listener) {
      const stopKeys = workspaces.onKeyRevoked(listener);
      const stopSessions = auth.onSessionEnded((tokenHash) => listener(`${SESSION_PREFIX}${tokenHash}`));
      return () => {
        stopKeys();
        stopSessions();
      };
    },
    async activeKeyHashes(hashes) {
      const sessions = hashes.filter((hash) => hash.startsWith(SESSION_PREFIX)).map((hash) => hash.slice(SESSION_PREFIX.length));
      const [keys, live] = await Promise.all([
        workspaces.activeKeyHashes(hashes.filter((hash) => !hash.startsWith(SESSION_PREFIX))),
        auth.liveTokenHashes(sessions),
      ]);
      return new Set([...keys, ...[...live].map((hash) => `${SESSION_PREFIX}${hash}`)]);
    },
  };
}

export function eventsRoutes({ events, workspaces, auth }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const connections = new SseConnections({
      heartbeatMs: events.heartbeatMs,
      maxLifetimeMs: events.maxStreamMs,
      keys: credentialRevocations(workspaces, auth),
      onError: (error) => app.log.warn({ err: error }, 'checking the API keys of open event streams failed; retrying'),
    });
    // Open streams never end on their own; the server could not close while one is open.
    app.addHook('preClose', async () => connections.closeAll());

    app.get(
      '/events/stream',
      {
        config: { callers: ['api_key', 'user'] },
        schema: {
          tags: ['Events'],
          summary: 'Stream events (Server-Sent Events)',
          description:
            "The workspace's events as they commit, as `text/event-stream`: `id` (resume point), `event` (the type) and `data` (the event JSON, as webhooks deliver it). " +
            'Reconnect with Last-Event-ID to continue exactly after the last event received. ' +
            'A stream ends when the API key it was opened with is revoked (or the inbox session ends), and after REALTIME_MAX_STREAM_SECONDS (the client reconnects).',
          querystring: streamQuerySchema,
          headers: streamHeadersSchema,
          response: { 200: z.string().describe('An endless text/event-stream'), ...v1ErrorResponses },
        },
      },
      async (request, reply) => {
        const types = request.query.types
          ? parseEventTypePatterns(
              request.query.types
                .split(',')
                .map((type) => type.trim())
                .filter(Boolean),
              'types',
            )
          : [];
        const lastEventId = request.headers['last-event-id'] ?? request.query.lastEventId;
        const stream = await events.openStream(tenantOf(request), {
          types,
          lastEventId: lastEventId === undefined ? undefined : Number(lastEventId),
          onError: (error) => request.log.warn({ err: error }, 'event stream read failed; retrying'),
        });
        const caller = request.caller;
        const credential = caller?.kind === 'user' ? `${SESSION_PREFIX}${caller.session.tokenHash}` : hashApiKey(presentedApiKey(request)!);
        connections.serve(reply, stream, credential);
        return reply;
      },
    );
  };
}
