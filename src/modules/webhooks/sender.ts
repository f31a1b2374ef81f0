import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { isPrivateAddress, publicOnlyLookup, RefusedAddressError } from './url-guard.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
}

export interface WebhookResponse {
  /** True for a 2xx answer. */
  ok: boolean;
  status?: number;
  /** The start of the answer, for the delivery log. */
  body?: string;
  /** Why no answer arrived, or why it did not count. */
  error?: string;
  durationMs: number;
}

const KEPT_RESPONSE_BYTES = 2048;

/**
 * POSTs one delivery. Redirects are not followed (a redirect could lead to a private address,
 * and a receiver should be configured with its final URL); the whole exchange has a deadline.
 */
export function sendWebhook(request: WebhookRequest): Promise<WebhookResponse> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const url = new URL(request.url);
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (!request.allowPrivate && isIP(hostname) && isPrivateAddress(hostname)) {
      resolve({ ok: false, error: new RefusedAddressError(hostname, hostname).message, durationMs: 0 });
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body).toString() },
        signal: AbortSignal.timeout(request.timeoutMs),
        ...(request.allowPrivate ? {} : { lookup: publicOnlyLookup }),
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < KEPT_RESPONSE_BYTES) {
            chunks.push(chunk);
            kept += chunk.length;
          }
        });
        response.on('error', (error) =>
          resolve({ ok: false, status: response.statusCode, error: describe(error, request.timeoutMs), durationMs: elapsed() }),
        );
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const body = Buffer.concat(chunks).subarray(0, KEPT_RESPONSE_BYTES).toString('utf8');
          const ok = status >= 200 && status < 300;
          resolve({ ok, status, body, durationMs: elapsed(), ...(ok ? {} : { error: `the receiver answered ${status}` }) });
        });
      },
    );
    outgoing.on('error', (error) => resolve({ ok: false, error: describe(error, request.timeoutMs), durationMs: elapsed() }));
    outgoing.end(request.body);
  });
}

function describe(error: Error, timeoutMs: number): string {
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
