import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { StreamedEvent } from '../../modules/events/event-stream.service.js';

/** A client that reads slower than events arrive is cut off past this much unsent data; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** What EventSource waits before reconnecting. */
const RETRY_MS = 2_000;
/**
 * How often the keys of open streams are checked against the database. Keys revoked through
 * this process close their streams at once; through another process, within this interval.
 */
const KEY_CHECK_MS = 5_000;

/** What the connections need to know about API keys (WorkspacesService provides it). */
export interface KeyRevocations {
  onKeyRevoked(listener: (keyHash: string) => void): () => void;
  activeKeyHashes(keyHashes: string[]): Promise<Set<string>>;
}

export interface SseOptions {
  heartbeatMs: number;
  /** A stream is closed after this long; the client reconnects with Last-Event-ID. */
  maxLifetimeMs: number;
  keys: KeyRevocations;
  onError: (error: unknown) => void;
}

interface OpenConnection {
  keyHash: string;
  close(reason: string): void;
}

/** What a connection streams: events with a position id and a type (the workspace stream's, or a surface's own view of them). */
export interface SseStream {
  start(send: (events: Array<Pick<StreamedEvent, 'sequence'> & { envelope: { type: string } }>) => void): void;
  close(): void;
}

function frame({ sequence, envelope }: { sequence: number; envelope: { type: string } }): string {
  return `id: ${sequence}\nevent: ${envelope.type}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/**
 * Takes over responses and sends event streams as Server-Sent Events until the client goes,
 * the stream reaches its lifetime, the API key it was opened with is revoked, or `closeAll`
 * is called (server shutdown). Headers already set on the reply (rate limits) go out too.
 */
export class SseConnections {
  private readonly open = new Set<OpenConnection>();
  private keyCheck: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;

  constructor(private readonly options: SseOptions) {
    this.stopListening = options.keys.onKeyRevoked((keyHash) => this.closeKey(keyHash));
  }

  /** Streams `stream` on `reply`; `keyHash` is the hash of the API key the request presented. */
  serve(reply: FastifyReply, stream: SseStream, keyHash: string): void {
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
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), this.options.heartbeatMs);
    const lifetime = setTimeout(
      () => connection.close('stream lifetime reached: reconnect with Last-Event-ID'),
      this.options.maxLifetimeMs,
    );
    const connection: OpenConnection = {
      keyHash,
      close: (reason) => {
        if (!this.open.delete(connection)) return;
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        stream.close();
        // A comment: clients ignore it, a person reading the stream sees why it ended.
        if (!raw.writableEnded && !raw.destroyed) raw.end(`: ${reason}\n\n`);
        if (this.open.size === 0) this.stopKeyCheck();
      },
    };
    this.open.add(connection);
    this.startKeyCheck();
    raw.on('close', () => connection.close('client gone'));
    stream.start((events) => {
      if (raw.writableEnded) return;
      raw.write(events.map(frame).join(''));
      if (raw.writableLength > MAX_BUFFERED_BYTES) connection.close('too far behind: reconnect with Last-Event-ID');
    });
  }

  closeAll(): void {
    for (const connection of [...this.open]) connection.close('server shutting down');
    this.stopKeyCheck();
    this.stopListening();
  }

  private closeKey(keyHash: string): void {
    for (const connection of [...this.open]) if (connection.keyHash === keyHash) connection.close('API key revoked');
  }

  private startKeyCheck(): void {
    if (this.keyCheck) return;
    this.keyCheck = setInterval(() => void this.checkKeys(), KEY_CHECK_MS);
    this.keyCheck.unref();
  }

  private stopKeyCheck(): void {
    clearInterval(this.keyCheck);
    this.keyCheck = undefined;
  }

  /** Closes the streams whose key was revoked (through any process). A failed check is retried at the next tick. */
  private async checkKeys(): Promise<void> {
    const keyHashes = [...new Set([...this.open].map((connection) => connection.keyHash))];
    try {
      const active = await this.options.keys.activeKeyHashes(keyHashes);
      for (const keyHash of keyHashes) if (!active.has(keyHash)) this.closeKey(keyHash);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
