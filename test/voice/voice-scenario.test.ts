import { beforeAll, describe, expect, it } from 'vitest';
import { signedTwilioCallback, twilioStatusParams } from '../helpers/fake-twilio.js';
import { vapiEndOfCallReport, vapiStatusUpdate } from '../helpers/fake-vapi.js';
import { eventually, PUBLIC_BASE_URL, startVoiceApp, TWILIO_FROM, TWILIO_SID, TWILIO_TOKEN, vapiWebhook } from './voice-setup.js';

let setup: Awaited<ReturnType<typeof startVoiceApp>>;

beforeAll(async () => {
  setup = await startVoiceApp();
  await setup.app.background.start();
});

describe('voice: the done-when scenario against fake Vapi, Twilio and Deepgram', () => {
  it('places both StartAgentCall forms, applies repeated and out-of-order reports once, transcribes, analyses and files a callback', async () => {
    const { app, vapi, deepgram, call } = setup;
    const agent = await call('POST', '/api/v1/voice-agents', {
      name: 'Lead qualifier',
      objectives: ['Confirm {{customerFirstName}} wants a demo', 'Book a time'],
      personality: { name: 'Sofía', communicationStyle: 'friendly' },
      localization: 'CL',
      constraints: ['Never promise discounts'],
      firstMessage: 'Hola {{customerFirstName}}, soy Sofía',
      providerConfig: { voice: { provider: '11labs', voiceId: 'v1' }, transcriber: { provider: 'deepgram', model: 'nova-2' } },
    });
    expect(agent.statusCode).toBe(200);
    const saved = await call('POST', '/api/v1/calls/agent', {
      voiceAgentId: agent.json().id,
      to: '+56912345678',
      contextVariables: { customerFirstName: 'Pedro' },
      customData: { campaign: 'spring' },
    });
    expect(saved.statusCode).toBe(200);
    const savedCall = saved.json();
    expect(savedCall).toMatchObject({
      status: 'queued',
      providerName: 'vapi',
      to: '+56912345678',
      direction: 'outgoing',
      customData: { campaign: 'spring' },
    });
    const [placed] = vapi.createdCalls();
    expect(savedCall.providerId).toEqual(expect.any(String));
    expect(placed.customer.number).toBe('+56912345678');
    expect(placed.phoneNumberId).toBe('phone-number-id-1');
    expect(placed.assistant.firstMessage).toBe('Hola Pedro, soy Sofía');
    expect(placed.assistant.model.messages[0].content).toContain('Confirm Pedro wants a demo');
    expect(placed.assistant.model.messages[0].content).toContain('Never promise discounts');
    expect(placed.assistant.transcriber).toMatchObject({ provider: 'deepgram', language: 'es' });
    expect(placed.assistant.server.url).toBe(`${PUBLIC_BASE_URL}/webhooks/vapi`);

    const adHoc = await call('POST', '/api/v1/calls/agent', {
      toPhoneNumber: '+14155550123',
      objectives: ['Qualify the lead'],
      personality: { name: 'Ana', communicationStyle: 'professional' },
      localization: 'US',
      contactInfo: { firstName: 'Jane', lastName: 'Roe', company: 'Acme' },
      knowledgeBase: 'Acme sells widgets',
      taskSteps: ['Greet', 'Ask about budget'],
      provider: 'vapi',
    });
    expect(adHoc.statusCode).toBe(200);
    const adHocBody = vapi.createdCalls()[1];
    expect(adHocBody.customer).toEqual({ number: '+14155550123', name: 'Jane Roe' });
    expect(adHocBody.assistant.model.messages[0].content).toMatch(
      /Qualify the lead[\s\S]*Ask about budget[\s\S]*Jane Roe of Acme[\s\S]*Acme sells widgets/,
    );

    const recordingUrl = 'https://storage.vapi.ai/call-1.wav';
    deepgram.audio(recordingUrl, [
      [0, 'Hola Pedro, soy Sofía de Acme.'],
      [1, 'Hola, ahora no puedo, call me back tomorrow please.'],
      [0, 'Claro, te llamo mañana.'],
    ]);
    const providerId = savedCall.providerId as string;
    expect((await vapiWebhook(app, vapiStatusUpdate(providerId, 'ringing'))).statusCode).toBe(200);
    const report = vapiEndOfCallReport(providerId, {
      recordingUrl,
      lines: [
        ['bot', 'Hola Pedro, soy Sofía de Acme.'],
        ['user', 'Hola, ahora no puedo, call me back tomorrow please.'],
      ],
    });
    expect((await vapiWebhook(app, report)).statusCode).toBe(200);
    const afterReport = (await call('GET', `/api/v1/calls/${savedCall.id}`)).json();
    // Out of order and repeated: a late in-progress and the same report again change nothing.
    expect((await vapiWebhook(app, vapiStatusUpdate(providerId, 'in-progress'))).statusCode).toBe(200);
    expect((await vapiWebhook(app, report)).statusCode).toBe(200);
    const settled = (await call('GET', `/api/v1/calls/${savedCall.id}`)).json();
    expect(settled.lastUpdateSequence).toBe(afterReport.lastUpdateSequence);
    expect(settled).toMatchObject({ status: 'ended', duration: 92.5, metadata: { endedReason: 'customer-ended-call', cost: 0.1875 } });

    const transcription = await eventually(async () => {
      const answer = await call('GET', `/api/v1/calls/${savedCall.id}/transcription`);
      return answer.statusCode === 200 && answer.json().status === 'completed' ? answer.json() : undefined;
    });
    expect(transcription).toMatchObject({
      providerName: 'deepgram',
      url: recordingUrl,
      text: expect.stringContaining('call me back tomorrow'),
    });
    expect(transcription.utterances).toHaveLength(3);
    const deepgramRequest = deepgram.requests.at(-1)!;
    expect(deepgramRequest.headers.authorization).toBe('Token deepgram-key-0123456789');
    expect(Object.fromEntries(deepgramRequest.query)).toMatchObject({
      smart_format: 'true',
      diarize: 'true',
      utterances: 'true',
      language: 'es-419',
    });

    const recording = await call('GET', `/api/v1/calls/${savedCall.id}/recording`);
    expect(recording.json()).toMatchObject({
      callId: savedCall.id,
      url: recordingUrl,
      duration: 92.5,
      callProviderId: providerId,
      callProviderName: 'vapi',
      dualChannel: false,
    });
    expect(Object.keys(recording.json()).sort()).toEqual(
      [
        'id',
        'tenantId',
        'callId',
        'providerId',
        'providerName',
        'callProviderId',
        'callProviderName',
        'url',
        'startTime',
        'duration',
        'dualChannel',
        'createdAt',
        'updatedAt',
      ].sort(),
    );

    const analysed = (await call('GET', `/api/v1/calls/${savedCall.id}`)).json();
    expect(analysed).toMatchObject({
      category: 'callback',
      agentScore: expect.any(Number),
      metadata: { summary: expect.stringContaining('callback') },
    });
    expect(analysed.lastUpdateSequence).toBeGreaterThan(settled.lastUpdateSequence);
    const tasks = (await call('GET', '/api/v1/tasks')).json();
    expect(tasks.items.some((task: any) => task.title === 'Call back +56912345678')).toBe(true);

    // 004's default channel types leave voice out; asked for, the call's transcript is a chat.
    const chats = await call('GET', '/api/v1/chats/details?channelTypes=voice');
    const voiceChat = chats.json().find((chat: any) => chat.channelType === 'voice');
    expect(voiceChat).toMatchObject({ status: 'CLOSED' });
    expect(JSON.stringify(voiceChat)).toContain('Claro, te llamo mañana.');
    const events = await app.database.db.execute(`SELECT type FROM events ORDER BY id` as never);
    const types = (events as unknown as { rows: Array<{ type: string }> }).rows.map((row) => row.type);
    expect(types).toEqual(expect.arrayContaining(['call.created', 'call.updated', 'call.ended', 'transcription.completed']));
    expect(types.filter((type) => type === 'call.ended')).toHaveLength(1);
  });

  it('bridges through Twilio, applies its signed callbacks, and refuses a bad signature', async () => {
    const { app, twilio, deepgram, call } = setup;
    const started = await call('POST', '/api/v1/calls/bridge', { from: '+15551230000', to: '+15557654321', callCustomData: { deal: 7 } });
    expect(started.statusCode).toBe(200);
    const bridge = started.json();
    const [form] = twilio.createdCalls();
    expect(form!.get('To')).toBe('+15551230000');
    expect(form!.get('From')).toBe(TWILIO_FROM);
    expect(form!.get('Twiml')).toContain('<Number>+15557654321</Number>');
    expect(form!.get('Twiml')).toContain('record="record-from-answer-dual"');
    expect(form!.get('StatusCallback')).toBe(`${PUBLIC_BASE_URL}/webhooks/twilio/voice`);
    expect(form!.getAll('StatusCallbackEvent')).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    expect(bridge.providerId).toMatch(/^CA[0-9a-f]{32}$/);

    const post = (path: string, params: Record<string, string>, signature?: string) => {
      const signed = signedTwilioCallback(TWILIO_TOKEN, `${PUBLIC_BASE_URL}${path}`, params);
      return app.server.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? signed.signature },
        payload: signed.body,
      });
    };
    const forged = await post(
      '/webhooks/twilio/voice',
      twilioStatusParams(TWILIO_SID, bridge.providerId, 'completed', 9),
      'bm90IGEgc2lnbmF0dXJl',
    );
    expect(forged.statusCode).toBe(401);
    expect((await call('GET', `/api/v1/calls/${bridge.id}`)).json().status).toBe('queued');

    expect((await post('/webhooks/twilio/voice', twilioStatusParams(TWILIO_SID, bridge.providerId, 'ringing', 1))).statusCode).toBe(200);
    expect((await post('/webhooks/twilio/voice', twilioStatusParams(TWILIO_SID, bridge.providerId, 'in-progress', 2))).statusCode).toBe(
      200,
    );
    expect(
      (await post('/webhooks/twilio/voice', twilioStatusParams(TWILIO_SID, bridge.providerId, 'completed', 3, { CallDuration: '41' })))
        .statusCode,
    ).toBe(200);
    // A late ringing does not undo the end.
    expect((await post('/webhooks/twilio/voice', twilioStatusParams(TWILIO_SID, bridge.providerId, 'ringing', 1))).statusCode).toBe(200);
    const ended = (await call('GET', `/api/v1/calls/${bridge.id}`)).json();
    expect(ended).toMatchObject({ status: 'ended', duration: 41, metadata: { endedReason: 'completed' } });

    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${TWILIO_SID}/Recordings/RE0001`;
    deepgram.audio(recordingUrl, [
      [0, 'Hello, this is Bob.'],
      [1, 'Hi Bob, I am interested, send me the proposal.'],
    ]);
    const recorded = await post('/webhooks/twilio/voice?event=recording', {
      AccountSid: TWILIO_SID,
      CallSid: bridge.providerId,
      RecordingSid: 'RE0001',
      RecordingUrl: recordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '40',
      RecordingChannels: '2',
      RecordingSource: 'DialVerb',
      RecordingStartTime: new Date().toUTCString(),
    });
    expect(recorded.statusCode).toBe(200);
    expect((await call('GET', `/api/v1/calls/${bridge.id}/recording`)).json()).toMatchObject({
      providerId: 'RE0001',
      providerName: 'twilio',
      dualChannel: true,
      duration: 40,
    });
    const transcription = await eventually(async () => {
      const answer = await call('GET', `/api/v1/calls/${bridge.id}/transcription`);
      return answer.statusCode === 200 ? answer.json() : undefined;
    });
    expect(transcription).toMatchObject({ status: 'completed', providerName: 'deepgram', text: expect.stringContaining('interested') });
    expect((await call('GET', `/api/v1/calls/${bridge.id}`)).json().category).toBe('interested');
  });

  it('LoadRecording stores a call and its recording, then transcribes it through Deepgram', async () => {
    const { deepgram, call } = setup;
    const url = 'https://files.example.com/meeting.mp3';
    deepgram.audio(url, [
      [0, 'Thanks for calling.'],
      [1, 'Wrong number, sorry.'],
    ]);
    const loaded = await call('POST', '/api/v1/recordings', {
      userId: 5,
      url,
      callTo: '+14155550999',
      callFrom: '+14155550100',
      callDirection: 'outgoing',
      callStartTime: '2026-01-05T10:00:00Z',
    });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.json()).toMatchObject({ url, providerName: 'upload', startTime: '2026-01-05T10:00:00.000Z' });
    const transcription = await eventually(async () => {
      const answer = await call('GET', `/api/v1/calls/${loaded.json().callId}/transcription`);
      return answer.statusCode === 200 ? answer.json() : undefined;
    });
    expect(transcription).toMatchObject({ status: 'completed', text: 'Thanks for calling. Wrong number, sorry.' });
    const loadedCall = (await call('GET', `/api/v1/calls/${loaded.json().callId}`)).json();
    expect(loadedCall).toMatchObject({ userId: 5, to: '+14155550999', status: 'ended', category: 'wrong number' });
  });
});
