import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildTestApp } from '../helpers/test-app.js';

const app = await buildTestApp({ HTTP_HEADERS_TIMEOUT_SECONDS: 1, HTTP_REQUEST_TIMEOUT_SECONDS: 2 });
const { apiKey } = await app.newWorkspace();
const address = new URL(await app.server.listen({ port: 0, host: '127.0.0.1' }));

/**
 * Sends `head` at once, then one byte of `drip` every 100 ms, as a slow (or malicious) client
 * does, and resolves with what the server answered once it closed the connection.
 */
function slowClient(head: string, drip: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(address.port), address.hostname);
    let received = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < drip.length && !socket.destroyed) socket.write(drip[sent++]!);
    }, 100);
    socket.on('connect', () => socket.write(head));
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(received);
    });
  });
}

describe('HTTP timeouts', () => {
  it('answers 408 and disconnects a client that sends its headers a byte at a time', async () => {
    const answer = await slowClient('GET /health HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: ' + 'a'.repeat(1000));
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);

  it('answers 408 and disconnects a client that sends its body a byte at a time', async () => {
    const body = JSON.stringify({ firstName: 'x'.repeat(500) });
    const head = `POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${apiKey}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await slowClient(head, body);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);

  it('refuses a header timeout longer than the request timeout, naming the setting', () => {
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_SECONDS: '90', HTTP_REQUEST_TIMEOUT_SECONDS: '60' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_SECONDS: must not be more than HTTP_REQUEST_TIMEOUT_SECONDS/,
    );
  });
});
