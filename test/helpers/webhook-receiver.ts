import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what a receiver verifies the signature over. */
  body: string;
  json: Record<string, any>;
  /** The status this receiver answered with. */
  answeredWith: number;
}

/**
 * A webhook endpoint on loopback that records every request. It can answer with any status,
 * and go down (stop listening: connections are refused) and come back on the same port.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** What to answer with; a function decides per request. */
  status: number | ((request: { json: Record<string, any>; index: number }) => number) = 200;
  private server: Server | undefined;
  private port = 0;
  private waiters: Array<() => void> = [];

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  async start(): Promise<void> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const json = JSON.parse(body) as Record<string, any>;
        const status = typeof this.status === 'function' ? this.status({ json, index: this.requests.length }) : this.status;
        this.requests.push({ path: request.url ?? '', headers: request.headers, body, json, answeredWith: status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening, so deliveries fail with a refused connection until `start()` again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Requests that got a 2xx answer. */
  get accepted(): ReceivedRequest[] {
    return this.requests.filter((request) => request.answeredWith < 300);
  }

  /** Resolves once `condition` holds, checking after every request; fails after `timeoutMs`. */
  async waitUntil(condition: () => boolean, description: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${description}; received ${this.requests.length} requests`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = new WebhookReceiver();
  await receiver.start();
  return receiver;
}

/** Calls `check` until it returns a value other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, description: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
