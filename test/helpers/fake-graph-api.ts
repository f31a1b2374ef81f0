import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path after the version prefix, e.g. `/106540352242922/messages`. */
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  /** The parsed JSON body, when the body was JSON. */
  json: any;
}

export interface FakeGraphApi {
  /** Base URL to use as WHATSAPP_API_BASE_URL (loopback, with a version segment). */
  url: string;
  requests: RecordedRequest[];
  /** Answers the next matching request with this status and body instead of success. */
  failNext(status: number, body: unknown): void;
  /**
   * Records the next request but leaves it unanswered until `releaseHeld()` (as a provider
   * that takes its time): the caller can be killed, or raced, in the middle of the call.
   */
  holdNext(): void;
  /** Answers the held requests as usual. */
  releaseHeld(): void;
  /** Requests answered with success, by path (held ones count once answered). */
  succeeded: RecordedRequest[];
  close(): Promise<void>;
}

const VERSION = '/v21.0';

/**
 * A stand-in for Meta's Graph API on 127.0.0.1: records every request and answers message
 * sends with a fresh `wamid…` and media uploads with a fresh media id, as the Cloud API does.
 */
export async function startFakeGraphApi(): Promise<FakeGraphApi> {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; body: unknown }[] = [];
  const succeeded: RecordedRequest[] = [];
  let holds = 0;
  const held: (() => void)[] = [];
  let sequence = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const path = (request.url ?? '').replace(VERSION, '');
      let json: unknown;
      try {
        json = request.headers['content-type']?.includes('application/json') ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        json = undefined;
      }
      const recorded = { method: request.method ?? '', path, headers: request.headers, raw, json };
      requests.push(recorded);
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
        if (status === 200) succeeded.push(recorded);
      };
      if (!request.headers.authorization?.startsWith('Bearer ')) {
        return answer(401, { error: { message: 'Missing access token', type: 'OAuthException', code: 190 } });
      }
      if (holds > 0) {
        holds -= 1;
        held.push(() => respond(recorded, answer));
        return;
      }
      respond(recorded, answer);
    });
  });
  /** Success as the Cloud API answers it, unless a failure was asked for. */
  const respond = ({ method, path, json }: RecordedRequest, answer: (status: number, body: unknown) => void) => {
    const failure = failures.shift();
    if (failure) return answer(failure.status, failure.body);
    sequence += 1;
    if (method === 'POST' && /^\/\d+\/messages$/.test(path)) {
      const to = (json as { to?: string } | undefined)?.to;
      return answer(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id: `wamid.FAKE${sequence}` }],
      });
    }
    if (method === 'POST' && /^\/\d+\/media$/.test(path)) return answer(200, { id: `${900000 + sequence}` });
    answer(404, { error: { message: `Unknown path ${path}`, type: 'GraphMethodException', code: 100 } });
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${VERSION}`,
    requests,
    failNext: (status, body) => failures.push({ status, body }),
    holdNext: () => (holds += 1),
    releaseHeld: () => held.splice(0).forEach((release) => release()),
    succeeded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Held requests keep their connections open.
        server.closeAllConnections();
      }),
  };
}
