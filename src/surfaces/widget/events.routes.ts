import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { SseConnections, type SseStream } from '../realtime/sse.js';
import { visitorOf } from './context.js';
import { toWidgetMessageFromEvent } from './schemas.js';

const eventId = z.string().regex(/^\d{1,18}$/, 'must be an event id (a number)');

/** Visitor streams are not tied to API keys: nothing to revoke beyond the token's own expiry. */
const noKeys = { onKeyRevoked: () => () => {}, activeKeyHashes: async (hashes: string[]) => new Set(hashes) };

export function eventRoutes({ widget, events }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const connections = new SseConnections({
      heartbeatMs: events.heartbeatMs,
      maxLifetimeMs: events.maxStreamMs,
      keys: noKeys,
      onError: (error) => app.log.warn({ err: error }, 'widget event stream check failed'),
    });
    app.addHook('preClose', async () => connections.closeAll());

    app.get(
      '/events',
      {
        config: { callers: ['visitor'] },
        schema: {
          tags: ['Widget'],
          summary: "The visitor's conversation, live (Server-Sent Events)",
          description:
            "New messages of the visitor's current chat as `text/event-stream`: `id` (send back as Last-Event-ID to resume), `event: message.created`, `data` (a WidgetMessage). " +
            '404 before the first message. Send the token in the Authorization header (use a fetch-based reader, not EventSource).',
          security: [{ visitorToken: [] }],
          headers: z.looseObject({ 'last-event-id': eventId.optional().describe('Resume after this event') }),
          response: { 200: z.string().describe('An endless text/event-stream') },
        },
      },
      async (request, reply) => {
        const visitor = visitorOf(request);
        const last = request.headers['last-event-id'];
        const stream = await widget.openStream(visitor, last === undefined ? undefined : Number(last), (error) =>
          request.log.warn({ err: error }, 'widget event stream read failed; retrying'),
        );
        const visitorStream: SseStream = {
          start: (send) =>
            stream.start((batch) =>
              send(
                batch.map(({ sequence, envelope }) => ({
                  sequence,
                  envelope: { type: envelope.type, ...toWidgetMessageFromEvent(envelope.data) },
                })),
              ),
            ),
          close: () => stream.close(),
        };
        connections.serve(reply, visitorStream, `visitor:${visitor.visitorId}`);
        return reply;
      },
    );
  };
}
