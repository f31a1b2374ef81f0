import type { Config } from '../../config.js';
import { DeepgramClient } from '../../integrations/deepgram/client.js';
import { TwilioClient } from '../../integrations/twilio/client.js';
import { VapiClient } from '../../integrations/vapi/client.js';
import { AppError } from '../../shared/errors.js';

export type VoiceConfig = Pick<
  Config,
  | 'PUBLIC_BASE_URL'
  | 'VAPI_API_BASE_URL'
  | 'VAPI_API_KEY'
  | 'VAPI_PHONE_NUMBER_ID'
  | 'VAPI_WEBHOOK_SECRET'
  | 'TWILIO_API_BASE_URL'
  | 'TWILIO_ACCOUNT_SID'
  | 'TWILIO_AUTH_TOKEN'
  | 'TWILIO_FROM_NUMBER'
  | 'DEEPGRAM_API_BASE_URL'
  | 'DEEPGRAM_API_KEY'
  | 'VOICE_PROVIDER_TIMEOUT_MS'
>;

/** A call that needs a provider nobody configured: 422 naming the setting to add. */
function missing(setting: string, purpose: string): AppError {
  return new AppError('UNPROCESSABLE', `${purpose} needs ${setting}: set it in the server's environment (docs/voice.md)`, { setting });
}

/** The configured voice providers; each getter throws a 422 naming the first missing setting. */
export class VoiceProviders {
  constructor(readonly config: VoiceConfig) {}

  vapi(): { client: VapiClient; phoneNumberId: string; serverUrl: string; serverSecret: string } {
    const { VAPI_API_KEY, VAPI_PHONE_NUMBER_ID, VAPI_WEBHOOK_SECRET, PUBLIC_BASE_URL } = this.config;
    if (!VAPI_API_KEY) throw missing('VAPI_API_KEY', 'An AI agent call');
    if (!VAPI_PHONE_NUMBER_ID) throw missing('VAPI_PHONE_NUMBER_ID', 'An AI agent call');
    if (!VAPI_WEBHOOK_SECRET) throw missing('VAPI_WEBHOOK_SECRET', 'An AI agent call (Vapi reports it to /webhooks/vapi)');
    if (!PUBLIC_BASE_URL) throw missing('PUBLIC_BASE_URL', 'An AI agent call (Vapi reports it to /webhooks/vapi)');
    return {
      client: new VapiClient({
        baseUrl: this.config.VAPI_API_BASE_URL,
        apiKey: VAPI_API_KEY,
        timeoutMs: this.config.VOICE_PROVIDER_TIMEOUT_MS,
      }),
      phoneNumberId: VAPI_PHONE_NUMBER_ID,
      serverUrl: this.callbackUrl('/webhooks/vapi'),
      serverSecret: VAPI_WEBHOOK_SECRET,
    };
  }

  twilio(): { client: TwilioClient; fromNumber: string } {
    const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, PUBLIC_BASE_URL } = this.config;
    if (!TWILIO_ACCOUNT_SID) throw missing('TWILIO_ACCOUNT_SID', 'A bridge call');
    if (!TWILIO_AUTH_TOKEN) throw missing('TWILIO_AUTH_TOKEN', 'A bridge call');
    if (!TWILIO_FROM_NUMBER) throw missing('TWILIO_FROM_NUMBER', 'A bridge call');
    if (!PUBLIC_BASE_URL) throw missing('PUBLIC_BASE_URL', 'A bridge call (Twilio reports it to /webhooks/twilio/voice)');
    return {
      client: new TwilioClient({
        baseUrl: this.config.TWILIO_API_BASE_URL,
        accountSid: TWILIO_ACCOUNT_SID,
        authToken: TWILIO_AUTH_TOKEN,
        timeoutMs: this.config.VOICE_PROVIDER_TIMEOUT_MS,
      }),
      fromNumber: TWILIO_FROM_NUMBER,
    };
  }

  /** Deepgram, when a key is configured; without one the provider's own transcript is kept. */
  deepgram(): DeepgramClient | undefined {
    if (!this.config.DEEPGRAM_API_KEY) return undefined;
    return new DeepgramClient({
      baseUrl: this.config.DEEPGRAM_API_BASE_URL,
      apiKey: this.config.DEEPGRAM_API_KEY,
      timeoutMs: this.config.VOICE_PROVIDER_TIMEOUT_MS,
    });
  }

  /** A URL on this server as providers reach it (PUBLIC_BASE_URL + path). */
  callbackUrl(path: string): string {
    return `${(this.config.PUBLIC_BASE_URL ?? '').replace(/\/$/, '')}${path}`;
  }
}
