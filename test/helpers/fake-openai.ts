import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A JSON body, or raw text. */
  body: unknown;
}

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, any>;
}

/** A completion whose assistant message is `message`. */
export function completion(message: Record<string, unknown>, usage = { prompt_tokens: 10, completion_tokens: 5 }): FakeResponse {
  return {
    body: {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
      usage,
    },
  };
}

/**
 * An OpenAI-compatible `/chat/completions` on loopback: answers from a script (one response per
 * request, in order; the last one repeats) and records every request it got.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  private script: (FakeResponse | ((request: RecordedRequest) => FakeResponse))[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = { path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : {} };
        this.requests.push(recorded);
        const next = this.script.length > 1 ? this.script.shift()! : this.script[0];
        const answer = typeof next === 'function' ? next(recorded) : (next ?? { status: 500, body: { error: 'no script' } });
        const raw = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        response.end(raw);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this;
  }

  /** Replaces the script and forgets earlier requests. */
  respond(...responses: (FakeResponse | ((request: RecordedRequest) => FakeResponse))[]): void {
    this.script = responses;
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
