import { providerRequest } from '../provider-http.js';

export interface DeepgramClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

export interface Utterance {
  /** `speaker 0`, `speaker 1`, …: Deepgram's diarization labels. */
  speaker: string;
  text: string;
  start: number | null;
  end: number | null;
}

export interface DeepgramTranscript {
  requestId: string | null;
  text: string;
  utterances: Utterance[];
}

/** Deepgram pre-recorded transcription (POST /v1/listen with a JSON `{url}` body, `Authorization: Token …`). */
export class DeepgramClient {
  constructor(private readonly options: DeepgramClientOptions) {}

  async transcribeUrl(url: string, settings: { model: string; language: string }): Promise<DeepgramTranscript> {
    const query = new URLSearchParams({
      model: settings.model,
      language: settings.language,
      smart_format: 'true',
      diarize: 'true',
      utterances: 'true',
    });
    const body = await providerRequest(
      'Deepgram',
      `${this.options.baseUrl.replace(/\/$/, '')}/v1/listen?${query}`,
      {
        method: 'POST',
        headers: { authorization: `Token ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
        timeoutMs: this.options.timeoutMs,
      },
      // Deepgram errors: { err_code, err_msg, request_id }.
      (error) => (error?.err_msg ? `${error.err_msg}${error.err_code ? ` (${error.err_code})` : ''}` : undefined),
    );
    const alternative = body?.results?.channels?.[0]?.alternatives?.[0];
    const utterances: Utterance[] = Array.isArray(body?.results?.utterances)
      ? body.results.utterances.map((utterance: any) => ({
          speaker: `speaker ${utterance.speaker ?? utterance.channel ?? 0}`,
          text: String(utterance.transcript ?? ''),
          start: typeof utterance.start === 'number' ? utterance.start : null,
          end: typeof utterance.end === 'number' ? utterance.end : null,
        }))
      : [];
    return { requestId: body?.metadata?.request_id ?? null, text: String(alternative?.transcript ?? ''), utterances };
  }
}

/** Deepgram language codes for 003's localizations. */
export const deepgramLanguages: Record<string, string> = { CL: 'es-419', MX: 'es-419', CO: 'es-419', PE: 'es-419', US: 'en-US' };
