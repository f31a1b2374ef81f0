import { providerRequest } from '../provider-http.js';

export interface TwilioClientOptions {
  baseUrl: string;
  accountSid: string;
  authToken: string;
  timeoutMs: number;
}

export interface TwilioCallRequest {
  to: string;
  from: string;
  /** TwiML run when the callee answers. */
  twiml: string;
  statusCallback: string;
}

/**
 * Twilio Programmable Voice's Calls resource
 * (POST /2010-04-01/Accounts/{AccountSid}/Calls.json, form-encoded, HTTP Basic with the
 * account SID and auth token).
 */
export class TwilioClient {
  constructor(private readonly options: TwilioClientOptions) {}

  async createCall(call: TwilioCallRequest): Promise<{ sid: string; status: string }> {
    const form = new URLSearchParams({ To: call.to, From: call.from, Twiml: call.twiml, StatusCallback: call.statusCallback, StatusCallbackMethod: 'POST' });
    for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    const { baseUrl, accountSid, authToken, timeoutMs } = this.options;
    const body = await providerRequest(
      'Twilio',
      `${baseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Calls.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
        timeoutMs,
      },
      // Twilio errors: { code, message, more_info, status }.
      (error) => (error?.message ? `${error.message}${error.code ? ` (Twilio error ${error.code})` : ''}` : undefined),
    );
    if (typeof body?.sid !== 'string') throw new Error('Twilio answered without a call sid');
    return { sid: body.sid, status: typeof body.status === 'string' ? body.status : 'queued' };
  }
}

const escapeXml = (value: string) => value.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * The TwiML of a bridge call's first leg: once the team member answers, dial the customer,
 * recording both parties on their own channels from the answer on.
 */
export function bridgeTwiml(input: { to: string; callerId: string; recordingCallback: string; statusCallback: string }): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><Response>' +
    `<Dial callerId="${escapeXml(input.callerId)}" record="record-from-answer-dual" recordingStatusCallback="${escapeXml(input.recordingCallback)}" recordingStatusCallbackEvent="completed">` +
    `<Number>${escapeXml(input.to)}</Number></Dial></Response>`
  );
}
