import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { startFakeHttp, type RecordedHttpRequest } from './fake-http.js';

export interface FakeTwilio {
  url: string;
  requests: RecordedHttpRequest[];
  /** The form parameters of each POST …/Calls.json (StatusCallbackEvent repeats). */
  createdCalls(): URLSearchParams[];
  failNext(status: number, body: unknown): void;
  close(): Promise<void>;
}

/**
 * Twilio's Calls resource on loopback: HTTP Basic with the account SID and auth token,
 * form-encoded parameters, 201 with the call as JSON; errors `{code, message, more_info, status}`.
 */
export async function startFakeTwilio(accountSid: string, authToken: string): Promise<FakeTwilio> {
  const failures: Array<{ status: number; body: unknown }> = [];
  const basic = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const server = await startFakeHttp((request, answer) => {
    if (request.headers.authorization !== basic)
      return answer(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
    const failure = failures.shift();
    if (failure) return answer(failure.status, failure.body);
    if (request.method !== 'POST' || request.path !== `/2010-04-01/Accounts/${accountSid}/Calls.json`)
      return answer(404, {
        code: 20404,
        message: 'The requested resource was not found',
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
    const form = new URLSearchParams(request.raw);
    if (!form.get('To'))
      return answer(400, {
        code: 21201,
        message: "No 'To' number is specified",
        more_info: 'https://www.twilio.com/docs/errors/21201',
        status: 400,
      });
    if (!form.get('Url') && !form.get('Twiml') && !form.get('ApplicationSid'))
      return answer(400, {
        code: 21205,
        message: 'Url parameter is required.',
        more_info: 'https://www.twilio.com/docs/errors/21205',
        status: 400,
      });
    const now = new Date().toUTCString().replace('GMT', '+0000');
    answer(201, {
      sid: `CA${randomBytes(16).toString('hex')}`,
      account_sid: accountSid,
      to: form.get('To'),
      from: form.get('From'),
      status: 'queued',
      direction: 'outbound-api',
      date_created: now,
      date_updated: now,
      api_version: '2010-04-01',
      uri: `/2010-04-01/Accounts/${accountSid}/Calls/CA.json`,
    });
  });
  return {
    ...server,
    createdCalls: () =>
      server.requests.filter((request) => request.path.endsWith('/Calls.json')).map((request) => new URLSearchParams(request.raw)),
    failNext: (status, body) => failures.push({ status, body }),
  };
}

/** A form-encoded Twilio callback and the X-Twilio-Signature Twilio would send with it to `url`. */
export function signedTwilioCallback(authToken: string, url: string, params: Record<string, string>): { body: string; signature: string } {
  return { body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(authToken, url, params) };
}

/** The parameters of a status callback for `callSid` (Twilio's Timestamp is RFC 2822, SequenceNumber counts from 0). */
export function twilioStatusParams(
  accountSid: string,
  callSid: string,
  status: string,
  sequence: number,
  extra: Record<string, string> = {},
) {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: status,
    CallbackSource: 'call-progress-events',
    Direction: 'outbound-api',
    From: '+15005550006',
    To: '+15551230000',
    SequenceNumber: String(sequence),
    Timestamp: new Date().toUTCString().replace('GMT', '+0000'),
    ...extra,
  };
}
