import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { EventStream, StreamedEvent } from '../../modules/events/event-stream.service.js';

/** A client that reads slower than events arrive is cut off past this much unsent data; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** What EventSource waits before reconnecting. */
const RETRY_MS = 2_000;

function frame({ sequence, envelope }: StreamedEvent): string {
  return `id: ${sequence}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/**
 * Takes over the response and sends `stream` as Server-Sent Events until the client goes or
 * `closeAll` is called (server shutdown). Headers already set on the reply (rate limits) go out too.
 */
export class SseConnections {
  private readonly open = new Set<() => void>();

  constructor(private readonly heartbeatMs: number) {}

  serve(reply: FastifyReply, stream: EventStream): void {
    reply.hijack();
    const raw = reply.raw;
    const alreadySet = Object.fromEntries(
      Object.entries(reply.getHeaders()).filter(([, value]) => value !== undefined),
    ) as OutgoingHttpHeaders;
    raw.writeHead(200, {
      ...alreadySet,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers responses unless told not to, which would hold events back.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), this.heartbeatMs);
    const close = () => {
      if (!this.open.delete(close)) return;
      clearInterval(heartbeat);
      stream.close();
      raw.end();
    };
    this.open.add(close);
    raw.on('close', close);
    stream.start((events) => {
      if (raw.writableEnded) return;
      raw.write(events.map(frame).join(''));
      if (raw.writableLength > MAX_BUFFERED_BYTES) close();
    });
  }

  closeAll(): void {
    for (const close of [...this.open]) close();
  }
}
