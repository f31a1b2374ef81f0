import { z } from 'zod';
import { providerRequest } from '../provider-http.js';

const callSchema = z.object({ sid: z.string(), status: z.string().default('queued') });
/** Twilio errors: `{ code, message, more_info, status }`. */
const errorSchema = z
  .object({ message: z.string(), code: z.number().optional() })
  .transform((error) => `${error.message}${error.code ? ` (Twilio error ${error.code})` : ''}`);

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
    const form = new URLSearchParams({
      To: call.to,
      From: call.from,
      Twiml: call.twiml,
      StatusCallback: call.statusCallback,
      StatusCallbackMethod: 'POST',
    });
    for (const event of ['initiated', 'ringing', 'answered', 'completed']) form.append('StatusCallbackEvent', event);
    const { baseUrl, accountSid, authToken, timeoutMs } = this.options;
    return providerRequest(
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
      { ok: callSchema, error: errorSchema },
    );
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
