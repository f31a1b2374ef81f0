import { z } from 'zod';
import { providerRequest } from '../provider-http.js';

/** The parts of Deepgram's pre-recorded response we keep (https://developers.deepgram.com/reference/speech-to-text/listen-pre-recorded). */
const listenSchema = z.object({
  metadata: z.looseObject({ request_id: z.string().optional() }).optional(),
  results: z.looseObject({
    channels: z.array(z.looseObject({ alternatives: z.array(z.looseObject({ transcript: z.string() })) })).default([]),
    utterances: z
      .array(
        z.looseObject({
          transcript: z.string(),
          start: z.number().optional(),
          end: z.number().optional(),
          speaker: z.number().optional(),
          channel: z.number().optional(),
        }),
      )
      .optional(),
  }),
});
/** Deepgram errors: `{ err_code, err_msg, request_id }`. */
const errorSchema = z
  .object({ err_msg: z.string(), err_code: z.string().optional() })
  .transform((error) => `${error.err_msg}${error.err_code ? ` (${error.err_code})` : ''}`);

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
      { ok: listenSchema, error: errorSchema },
    );
    const utterances: Utterance[] = (body.results.utterances ?? []).map((utterance) => ({
      speaker: `speaker ${utterance.speaker ?? utterance.channel ?? 0}`,
      text: utterance.transcript,
      start: utterance.start ?? null,
      end: utterance.end ?? null,
    }));
    return { requestId: body.metadata?.request_id ?? null, text: body.results.channels[0]?.alternatives[0]?.transcript ?? '', utterances };
  }
}

/** Deepgram language codes for 003's localizations. */
export const deepgramLanguages: Record<string, string> = { CL: 'es-419', MX: 'es-419', CO: 'es-419', PE: 'es-419', US: 'en-US' };
