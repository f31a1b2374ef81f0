import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { parseEventTypePatterns } from '../../modules/events/event-types.js';
import type { Services } from '../../services.js';
import { hashApiKey } from '../../modules/workspaces/workspaces.service.js';
import { presentedApiKey, tenantOf } from '../auth.js';
import { SseConnections } from '../realtime/sse.js';
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
export function eventsRoutes({ events, workspaces }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const connections = new SseConnections({
      heartbeatMs: events.heartbeatMs,
      maxLifetimeMs: events.maxStreamMs,
      keys: workspaces,
      onError: (error) => app.log.warn({ err: error }, 'checking the API keys of open event streams failed; retrying'),
    });
    // Open streams never end on their own; the server could not close while one is open.
    app.addHook('preClose', async () => connections.closeAll());

    app.get(
      '/events/stream',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags: ['Events'],
          summary: 'Stream events (Server-Sent Events)',
          description:
            "The workspace's events as they commit, as `text/event-stream`: `id` (resume point), `event` (the type) and `data` (the event JSON, as webhooks deliver it). " +
            'Reconnect with Last-Event-ID to continue exactly after the last event received. ' +
            'A stream ends when the API key it was opened with is revoked, and after REALTIME_MAX_STREAM_SECONDS (the client reconnects).',
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
        connections.serve(reply, stream, hashApiKey(presentedApiKey(request)!));
        return reply;
      },
    );
  };
}
