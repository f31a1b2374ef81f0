import { randomUUID } from 'node:crypto';
import { startFakeHttp, type RecordedHttpRequest } from './fake-http.js';

export interface FakeVapi {
  url: string;
  requests: RecordedHttpRequest[];
  /** The bodies of POST /call requests, parsed. */
  createdCalls(): any[];
  failNext(status: number, body: unknown): void;
  close(): Promise<void>;
}

/**
 * Vapi's REST API on loopback: POST /call with a Bearer key answers 201 with a queued call, as
 * Vapi does; its validation errors are `{message: string[], error, statusCode}`.
 */
export async function startFakeVapi(apiKey: string): Promise<FakeVapi> {
  const failures: Array<{ status: number; body: unknown }> = [];
  const server = await startFakeHttp((request, answer) => {
    if (request.headers.authorization !== `Bearer ${apiKey}`)
      return answer(401, {
        message: 'Invalid Key. Hot tip, you may be using the private key instead of the public key, or vice versa.',
        error: 'Unauthorized',
        statusCode: 401,
      });
    const failure = failures.shift();
    if (failure) return answer(failure.status, failure.body);
    if (request.method !== 'POST' || request.path !== '/call')
      return answer(404, { message: `Cannot ${request.method} ${request.path}`, error: 'Not Found', statusCode: 404 });
    const body = JSON.parse(request.raw);
    const problems = [
      ...(typeof body.phoneNumberId === 'string' ? [] : ['phoneNumberId must be a string']),
      ...(typeof body.customer?.number === 'string' ? [] : ['customer.number must be a string']),
    ];
    if (problems.length) return answer(400, { message: problems, error: 'Bad Request', statusCode: 400 });
    const now = new Date().toISOString();
    answer(201, {
      id: randomUUID(),
      orgId: randomUUID(),
      type: 'outboundPhoneCall',
      status: 'queued',
      phoneNumberId: body.phoneNumberId,
      customer: body.customer,
      assistant: body.assistant,
      metadata: body.metadata,
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      createdAt: now,
      updatedAt: now,
    });
  });
  return {
    ...server,
    createdCalls: () => server.requests.filter((request) => request.path === '/call').map((request) => JSON.parse(request.raw)),
    failNext: (status, body) => failures.push({ status, body }),
  };
}

/** A status-update server message, as Vapi sends it. */
export function vapiStatusUpdate(callId: string, status: string, extra: Record<string, unknown> = {}) {
  return {
    message: { timestamp: Date.now(), type: 'status-update', status, call: { id: callId, type: 'outboundPhoneCall', status }, ...extra },
  };
}

/**
 * An end-of-call-report as Vapi sends it: the recording under artifact.recording (mono and
 * stereo), the deprecated top-level recordingUrl and stereoRecordingUrl besides, a transcript
 * string and artifact.messages with a system prompt first, and times as ISO strings.
 */
export function vapiEndOfCallReport(
  callId: string,
  options: { recordingUrl: string; lines: Array<['bot' | 'user', string]>; endedReason?: string },
) {
  const startedAt = new Date(Date.now() - 95_000);
  const endedAt = new Date(startedAt.getTime() + 92_500);
  const stereoUrl = options.recordingUrl.replace(/\.wav$/, '-stereo.wav');
  let seconds = 1;
  const messages = options.lines.map(([role, message]) => {
    const item = { role, message, time: startedAt.getTime() + seconds * 1000, secondsFromStart: seconds, duration: 2400 };
    seconds += 5;
    return item;
  });
  return {
    message: {
      timestamp: Date.now(),
      type: 'end-of-call-report',
      endedReason: options.endedReason ?? 'customer-ended-call',
      call: { id: callId, type: 'outboundPhoneCall', status: 'ended' },
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationMs: 92_500,
      durationSeconds: 92.5,
      cost: 0.1875,
      recordingUrl: options.recordingUrl,
      stereoRecordingUrl: stereoUrl,
      transcript: options.lines.map(([role, text]) => `${role === 'bot' ? 'AI' : 'User'}: ${text}`).join('\n'),
      summary: '',
      artifact: {
        recording: { stereoUrl, mono: { combinedUrl: options.recordingUrl, assistantUrl: null, customerUrl: null } },
        recordingUrl: options.recordingUrl,
        stereoRecordingUrl: stereoUrl,
        transcript: options.lines.map(([role, text]) => `${role === 'bot' ? 'AI' : 'User'}: ${text}`).join('\n'),
        messages: [{ role: 'system', message: 'You are …', time: startedAt.getTime(), secondsFromStart: 0 }, ...messages],
      },
    },
  };
}
