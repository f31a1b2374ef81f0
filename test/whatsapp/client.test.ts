import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppClient } from '../../src/integrations/whatsapp/client.js';
import { ProviderError } from '../../src/modules/messages/outbound.js';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';

let graph: FakeGraphApi;
let client: WhatsAppClient;
const credentials = { phoneNumberId: '106540352242922', phoneNumber: '+15550001111', accessToken: 'token-1', appSecret: 'secret' };

beforeAll(async () => {
  graph = await startFakeGraphApi();
  client = new WhatsAppClient({ baseUrl: graph.url, timeoutMs: 2000 });
});
afterAll(() => graph.close());

const last = () => graph.requests[graph.requests.length - 1]!;

describe('WhatsAppClient', () => {
  it('sends text to /{phone-number-id}/messages with the bearer token and returns the wamid', async () => {
    const { providerId } = await client.send(credentials, '+14155552671', { kind: 'text', body: 'Hello' });
    expect(providerId).toMatch(/^wamid\./);
    expect(last()).toMatchObject({ method: 'POST', path: '/106540352242922/messages', headers: { authorization: 'Bearer token-1' } });
    expect(last().json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155552671',
      type: 'text',
      text: { preview_url: false, body: 'Hello' },
    });
  });

  it('sends templates and media in the Cloud API shape', async () => {
    const components = [{ type: 'body' as const, parameters: [{ type: 'text', text: 'Jane' }] }];
    await client.send(credentials, '+14155552671', { kind: 'template', name: 'order_update', languageCode: 'en_US', components });
    expect(last().json).toMatchObject({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components } });
    await client.send(credentials, '+14155552671', { kind: 'template', name: 'hello_world', languageCode: 'en', components: [] });
    expect(last().json.template).toEqual({ name: 'hello_world', language: { code: 'en' } });
    await client.send(credentials, '+14155552671', {
      kind: 'media',
      type: 'document',
      mediaId: '42',
      caption: 'Invoice',
      fileName: 'invoice.pdf',
    });
    expect(last().json).toMatchObject({ type: 'document', document: { id: '42', caption: 'Invoice', filename: 'invoice.pdf' } });
    await client.send(credentials, '+14155552671', { kind: 'media', type: 'audio', mediaId: '43', caption: 'ignored' });
    expect(last().json.audio).toEqual({ id: '43' });
  });

  it('uploads media as multipart form data to /{phone-number-id}/media', async () => {
    const { mediaId } = await client.uploadMedia(credentials, {
      data: Buffer.from('%PDF-1.4 hello'),
      contentType: 'application/pdf',
      fileName: 'a.pdf',
    });
    expect(mediaId).toMatch(/^\d+$/);
    const upload = last();
    expect(upload.path).toBe('/106540352242922/media');
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const body = upload.raw.toString('utf8');
    expect(body).toContain('name="messaging_product"\r\n\r\nwhatsapp');
    expect(body).toContain('name="type"\r\n\r\napplication/pdf');
    expect(body).toContain('filename="a.pdf"');
    expect(body).toContain('%PDF-1.4 hello');
  });

  it('turns Graph API errors into ProviderErrors with their code and details', async () => {
    graph.failNext(400, {
      error: {
        message: '(#131030) Recipient phone number not in allowed list',
        type: 'OAuthException',
        code: 131030,
        error_data: { details: 'Add it first' },
      },
    });
    const failure = await client.send(credentials, '+14155552671', { kind: 'text', body: 'x' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({ code: 131030, title: 'OAuthException', status: 400 });
    expect((failure as Error).message).toContain('Recipient phone number not in allowed list: Add it first');
    graph.failNext(500, 'not json at all');
    await expect(client.send(credentials, '+14155552671', { kind: 'text', body: 'x' })).rejects.toMatchObject({ status: 500 });
  });

  it('reports an unreachable or silent server as a network ProviderError', async () => {
    const closed = new WhatsAppClient({ baseUrl: 'http://127.0.0.1:9/v21.0', timeoutMs: 2000 });
    await expect(closed.send(credentials, '+14155552671', { kind: 'text', body: 'x' })).rejects.toMatchObject({
      code: 0,
      title: 'Network error',
    });
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const slow = new WhatsAppClient({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 200 });
    const failure = (await slow.send(credentials, '+14155552671', { kind: 'text', body: 'x' }).catch((error: Error) => error)) as Error;
    expect(failure.message).toContain('no answer within 200 ms');
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  });
});
