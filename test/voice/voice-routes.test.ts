import { beforeAll, describe, expect, it } from 'vitest';
import { vapiEndOfCallReport } from '../helpers/fake-vapi.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { eventually, startVoiceApp, vapiWebhook } from './voice-setup.js';

let setup: Awaited<ReturnType<typeof startVoiceApp>>;
const callBody = (overrides: Record<string, unknown> = {}) => ({
  status: 'ended',
  userId: 3,
  metadata: { source: 'pbx' },
  from: '+14155550100',
  to: '+14155550101',
  duration: 30,
  direction: 'outgoing',
  startTime: '2026-02-01T09:00:00Z',
  ...overrides,
});

beforeAll(async () => {
  setup = await startVoiceApp();
  await setup.app.background.start();
});

describe('voice agents', () => {
  it('creates, reads, lists, versions and deletes; errors name the field; another workspace gets 404', async () => {
    const { call, otherKey } = setup;
    const created = await call('POST', '/api/v1/voice-agents', {
      name: 'Closer',
      objectives: ['Close'],
      localization: 'MX',
      callerNumber: '+525512345678',
    });
    expect(created.statusCode).toBe(200);
    const id = created.json().id;
    expect(created.json()).toMatchObject({ version: 1, localization: 'MX' });
    const updated = await call('PUT', `/api/v1/voice-agents/${id}`, { name: 'Closer 2', objectives: ['Close faster'] });
    expect(updated.json()).toMatchObject({ version: 2, name: 'Closer 2', objectives: ['Close faster'] });
    expect((await call('GET', '/api/v1/voice-agents?limit=1')).json()).toMatchObject({ items: [{ id }] });

    const missing = await call('POST', '/api/v1/voice-agents', { name: 'No goals' });
    expect(missing.statusCode).toBe(400);
    expect(JSON.stringify(missing.json())).toContain('objectives');
    const badNumber = await call('POST', '/api/v1/voice-agents', { name: 'X', objectives: ['a'], callerNumber: '555-1234' });
    expect(badNumber.statusCode).toBe(400);
    expect(JSON.stringify(badNumber.json())).toContain('callerNumber');
    expect((await call('GET', `/api/v1/voice-agents/${id + 1000}`)).statusCode).toBe(404);

    for (const [method, payload] of [['GET'], ['PUT', { name: 'Mine', objectives: ['a'] }], ['DELETE']] as const)
      expect((await call(method, `/api/v1/voice-agents/${id}`, payload, otherKey)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/voice-agents/${id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/voice-agents/${id}`)).statusCode).toBe(404);
  });
});

describe('StartAgentCall and StartBridgeCall errors', () => {
  it('400 for non-E.164 numbers and missing variables, 404 for unknown or foreign agents', async () => {
    const { call, otherKey } = setup;
    const agent = (await call('POST', '/api/v1/voice-agents', { name: 'A', objectives: ['Greet {{name}}'] })).json();
    const notE164 = await call('POST', '/api/v1/calls/agent', { voiceAgentId: agent.id, to: '0412345', contextVariables: { name: 'x' } });
    expect(notE164.statusCode).toBe(400);
    expect(JSON.stringify(notE164.json())).toContain('E.164');
    const adHoc = await call('POST', '/api/v1/calls/agent', { toPhoneNumber: '12345', objectives: ['x'] });
    expect(adHoc.statusCode).toBe(400);
    const variable = await call('POST', '/api/v1/calls/agent', { voiceAgentId: agent.id, to: '+14155550111', contextVariables: {} });
    expect(variable.statusCode).toBe(400);
    expect(variable.json().message).toContain('contextVariables.name');
    expect(
      (await call('POST', '/api/v1/calls/agent', { voiceAgentId: agent.id + 999, to: '+14155550111', contextVariables: {} })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', '/api/v1/calls/agent', { voiceAgentId: agent.id, to: '+14155550111', contextVariables: { name: 'x' } }, otherKey))
        .statusCode,
    ).toBe(404);
    const noFrom = await call('POST', '/api/v1/calls/bridge', { to: '+14155550111' });
    expect(noFrom.statusCode).toBe(400);
    expect(noFrom.json().message).toContain('from');
  });

  it('a provider that refuses leaves the call failed with its error, answered 502', async () => {
    const { call, vapi, twilio } = setup;
    vapi.failNext(400, { message: ['customer.number must be a valid phone number'], error: 'Bad Request', statusCode: 400 });
    const refused = await call('POST', '/api/v1/calls/agent', { toPhoneNumber: '+14155550112', objectives: ['x'] });
    expect(refused.statusCode).toBe(502);
    expect(refused.json().message).toContain('customer.number must be a valid phone number');
    const stored = (await call('GET', `/api/v1/calls/${refused.json().details.callId}`)).json();
    expect(stored).toMatchObject({ status: 'failed', providerId: null, metadata: { providerError: expect.stringContaining('HTTP 400') } });

    twilio.failNext(400, {
      code: 21211,
      message: "The 'To' number +1415 is not a valid phone number.",
      more_info: 'https://www.twilio.com/docs/errors/21211',
      status: 400,
    });
    const bridge = await call('POST', '/api/v1/calls/bridge', { from: '+14155550113', to: '+14155550114' });
    expect(bridge.statusCode).toBe(502);
    expect(bridge.json().message).toContain('Twilio error 21211');
  });

  it('a call needing an unconfigured provider is a 422 naming the setting', async () => {
    const bare = await buildTestApp();
    const { apiKey } = await bare.newWorkspace();
    const agent = await bare.server.inject({
      method: 'POST',
      url: '/api/v1/calls/agent',
      headers: auth(apiKey),
      payload: { toPhoneNumber: '+14155550115', objectives: ['x'] },
    });
    expect(agent.statusCode).toBe(422);
    expect(agent.json()).toMatchObject({ details: { setting: 'VAPI_API_KEY' } });
    const bridge = await bare.server.inject({
      method: 'POST',
      url: '/api/v1/calls/bridge',
      headers: auth(apiKey),
      payload: { from: '+14155550115', to: '+14155550116' },
    });
    expect(bridge.statusCode).toBe(422);
    expect(bridge.json().message).toContain('TWILIO_ACCOUNT_SID');
    const vapi = await bare.server.inject({
      method: 'POST',
      url: '/webhooks/vapi',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': 'anything-at-all-123' },
      payload: '{}',
    });
    expect(vapi.statusCode).toBe(401);
  });
});

describe('CreateCall, GetCall, ListCalls, recording and transcription', () => {
  it('stores calls made elsewhere and lists them with filters and paging; foreign ids are 404', async () => {
    const { call, otherKey } = setup;
    const first = await call('POST', '/api/v1/calls', callBody());
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      status: 'ended',
      userId: 3,
      from: '+14155550100',
      to: '+14155550101',
      duration: 30,
      lastUpdateSequence: 0,
      contactId: expect.any(Number),
    });
    const second = (
      await call('POST', '/api/v1/calls', callBody({ direction: 'incoming', status: 'missed', from: '+14155550102', to: '+14155550100' }))
    ).json();
    const incoming = (await call('GET', '/api/v1/calls?direction=incoming&status=missed')).json();
    expect(incoming.items.map((item: any) => item.id)).toEqual([second.id]);
    const page = (await call('GET', '/api/v1/calls?limit=1&userId=3')).json();
    expect(page.items).toHaveLength(1);
    const next = (await call('GET', `/api/v1/calls?limit=1&userId=3&pageToken=${page.nextPageToken}`)).json();
    expect(next.items[0].id).not.toBe(page.items[0].id);
    expect((await call('GET', `/api/v1/calls?contactId=${first.json().contactId}`)).json().items.map((item: any) => item.id)).toContain(
      first.json().id,
    );
    expect((await call('GET', '/api/v1/calls?startAfter=2030-01-01T00:00:00Z')).json().items).toEqual([]);

    const bad = await call('POST', '/api/v1/calls', callBody({ startTime: 'yesterday' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('startTime');
    expect((await call('GET', '/api/v1/calls/abc')).statusCode).toBe(400);
    expect((await call('GET', '/api/v1/calls/99999999')).statusCode).toBe(404);
    for (const path of ['', '/recording', '/transcription'])
      expect((await call('GET', `/api/v1/calls/${first.json().id}${path}`, undefined, otherKey)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/calls/${first.json().id}/recording`)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/calls', undefined, otherKey)).json().items).toEqual([]);

    // Deleting the contact keeps the call, without its contact.
    expect((await call('DELETE', `/api/v1/contacts/${first.json().contactId}`)).statusCode).toBeLessThan(300);
    expect((await call('GET', `/api/v1/calls/${first.json().id}`)).json()).toMatchObject({ id: first.json().id, contactId: null });
  });

  it('LoadRecording refuses a bad URL, and another workspace cannot read what it loaded', async () => {
    const { call, otherKey } = setup;
    const bad = await call('POST', '/api/v1/recordings', { userId: 1, url: 'ftp://x' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('url');
    const missingUser = await call('POST', '/api/v1/recordings', { url: 'https://files.example.com/a.mp3' });
    expect(missingUser.statusCode).toBe(400);
    const loaded = (
      await call('POST', '/api/v1/recordings', { userId: 1, url: 'https://files.example.com/gone.mp3', callTo: '+14155550120' })
    ).json();
    expect((await call('GET', `/api/v1/calls/${loaded.callId}/recording`, undefined, otherKey)).statusCode).toBe(404);
    // Deepgram cannot fetch this audio: the transcription says it failed, with Deepgram's reason.
    const transcription = await eventually(async () => {
      const answer = await call('GET', `/api/v1/calls/${loaded.callId}/transcription`);
      return answer.statusCode === 200 ? answer.json() : undefined;
    });
    expect(transcription).toMatchObject({ status: 'failed', text: null });
  });
});

describe('Vapi webhook', () => {
  it('refuses a missing or wrong secret and stores nothing; accepts the Bearer form; answers tool-calls', async () => {
    const { app, call } = setup;
    const placed = (await call('POST', '/api/v1/calls/agent', { toPhoneNumber: '+14155550130', objectives: ['Book a demo'] })).json();
    const report = vapiEndOfCallReport(placed.providerId, { recordingUrl: 'https://storage.vapi.ai/x.wav', lines: [['bot', 'Hi']] });
    expect((await vapiWebhook(app, report, 'wrong-secret-0123456789')).statusCode).toBe(401);
    const none = await app.server.inject({
      method: 'POST',
      url: '/webhooks/vapi',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(report),
    });
    expect(none.statusCode).toBe(401);
    expect((await call('GET', `/api/v1/calls/${placed.id}`)).json()).toMatchObject({ status: 'queued', lastUpdateSequence: 1 });

    const bearer = await app.server.inject({
      method: 'POST',
      url: '/webhooks/vapi',
      headers: { 'content-type': 'application/json', authorization: 'Bearer vapi-webhook-secret-0123456789' },
      payload: JSON.stringify({
        message: { type: 'status-update', status: 'in-progress', call: { id: placed.providerId, startedAt: '2026-03-01T10:00:00.000Z' } },
      }),
    });
    expect(bearer.statusCode).toBe(200);
    expect((await call('GET', `/api/v1/calls/${placed.id}`)).json()).toMatchObject({
      status: 'in-progress',
      startTime: '2026-03-01T10:00:00.000Z',
    });

    const tools = await vapiWebhook(app, {
      message: {
        type: 'tool-calls',
        call: { id: placed.providerId },
        toolCallList: [
          {
            id: 'tc1',
            type: 'function',
            function: { name: 'create_task', arguments: { title: 'Send pricing', objective: 'Email the pricing sheet' } },
          },
          { id: 'tc2', type: 'function', function: { name: 'capture_contact', arguments: '{"name":"Jane Roe"}' } },
          { id: 'tc3', type: 'function', function: { name: 'launch_rocket', arguments: {} } },
        ],
      },
    });
    expect(tools.json().results).toEqual([
      { toolCallId: 'tc1', result: expect.stringContaining('created') },
      { toolCallId: 'tc2', result: 'Contact details saved' },
      { toolCallId: 'tc3', error: 'Unknown tool launch_rocket' },
    ]);
    expect((await call('GET', `/api/v1/contacts/${placed.contactId}`)).json()).toMatchObject({ firstName: 'Jane', lastName: 'Roe' });
    expect((await vapiWebhook(app, { message: { type: 'status-update', call: { id: 'not-ours' } } })).json()).toMatchObject({
      received: false,
    });
    const notJson = await app.server.inject({
      method: 'POST',
      url: '/webhooks/vapi',
      headers: { 'content-type': 'application/json', 'x-vapi-secret': 'vapi-webhook-secret-0123456789' },
      payload: '{',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('without a recording or transcript, the transcription says it is unavailable', async () => {
    const { app, call } = setup;
    const placed = (await call('POST', '/api/v1/calls/agent', { toPhoneNumber: '+14155550131', objectives: ['x'] })).json();
    const report = vapiEndOfCallReport(placed.providerId, { recordingUrl: '', lines: [], endedReason: 'customer-did-not-answer' });
    delete (report.message as any).artifact;
    (report.message as any).recordingUrl = undefined;
    (report.message as any).stereoRecordingUrl = undefined;
    (report.message as any).transcript = '';
    expect((await vapiWebhook(app, report)).statusCode).toBe(200);
    const transcription = await eventually(async () => {
      const answer = await call('GET', `/api/v1/calls/${placed.id}/transcription`);
      return answer.statusCode === 200 ? answer.json() : undefined;
    });
    expect(transcription).toMatchObject({ status: 'unavailable', text: null });
    expect((await call('GET', `/api/v1/calls/${placed.id}`)).json()).toMatchObject({
      status: 'ended',
      category: 'no answer',
      agentScore: 0,
    });
  });
});
