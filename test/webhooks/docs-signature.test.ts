import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../helpers/webhook-receiver.js';

type Verify = (rawBody: string | Buffer, header: string | undefined, secret: string, now?: number) => boolean;

let app: TestApp;
let receiver: WebhookReceiver;
let directory: string;
let verifySwitchboardSignature: Verify;
let secret: string;
let delivery: ReceivedRequest;

/** The receiver-side check exactly as docs/webhooks.md prints it: its first ```js block under "Verifying signatures". */
async function loadDocumentedVerifier(): Promise<Verify> {
  const docs = await readFile(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('## Verifying signatures'));
  const snippet = /```js\n([\s\S]*?)```/.exec(section)?.[1];
  if (!snippet) throw new Error('docs/webhooks.md has no js block under "Verifying signatures"');
  directory = await mkdtemp(path.join(os.tmpdir(), 'switchboard-docs-'));
  const file = path.join(directory, 'verify.mjs');
  await writeFile(file, snippet);
  const module = (await import(pathToFileURL(file).href)) as { verifySwitchboardSignature?: Verify };
  if (typeof module.verifySwitchboardSignature !== 'function')
    throw new Error('the documented snippet does not export verifySwitchboardSignature');
  return module.verifySwitchboardSignature;
}

beforeAll(async () => {
  verifySwitchboardSignature = await loadDocumentedVerifier();
  app = await buildTestApp();
  const { apiKey } = await app.newWorkspace('Docs');
  receiver = await startWebhookReceiver();
  await app.background.start();
  const created = await app.server.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: auth(apiKey),
    payload: { url: receiver.url, eventTypes: ['*'] },
  });
  secret = created.json().secret;
  await createContact(app, apiKey, { firstName: 'Signed' });
  await receiver.waitUntil(() => receiver.requests.length > 0, 'a delivery');
  delivery = receiver.requests[0]!;
});
afterAll(async () => {
  await receiver.stop();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('the signature check documented in docs/webhooks.md', () => {
  const header = () => String(delivery.headers['switchboard-signature']);

  it('accepts a real delivery, as a string or as raw bytes', () => {
    expect(verifySwitchboardSignature(delivery.body, header(), secret)).toBe(true);
    expect(verifySwitchboardSignature(Buffer.from(delivery.body), header(), secret)).toBe(true);
  });

  it('rejects a changed body, another secret, a re-serialized body and a missing header', () => {
    expect(verifySwitchboardSignature(delivery.body.replace('Signed', 'Forged'), header(), secret)).toBe(false);
    expect(verifySwitchboardSignature(delivery.body, header(), `${secret}x`)).toBe(false);
    expect(verifySwitchboardSignature(JSON.stringify(JSON.parse(delivery.body), null, 2), header(), secret)).toBe(false);
    expect(verifySwitchboardSignature(delivery.body, undefined, secret)).toBe(false);
  });

  it('rejects a delivery replayed more than five minutes later', () => {
    const signedAt = Number(/t=(\d+)/.exec(header())![1]) * 1000;
    expect(verifySwitchboardSignature(delivery.body, header(), secret, signedAt + 4 * 60_000)).toBe(true);
    expect(verifySwitchboardSignature(delivery.body, header(), secret, signedAt + 6 * 60_000)).toBe(false);
  });
});
