import { randomUUID } from 'node:crypto';
import { startFakeHttp, type RecordedHttpRequest } from './fake-http.js';

export interface FakeDeepgram {
  url: string;
  requests: RecordedHttpRequest[];
  /** What the audio at `audioUrl` says: speaker number and words, in order. */
  audio(audioUrl: string, utterances: Array<[number, string]>): void;
  close(): Promise<void>;
}

/**
 * Deepgram's pre-recorded API on loopback: POST /v1/listen with `Authorization: Token` and a
 * JSON `{url}`. Answers the documented shape (metadata, results.channels[].alternatives[],
 * results.utterances with speaker numbers); an audio URL it cannot fetch is a 400
 * REMOTE_CONTENT_ERROR, as Deepgram answers.
 */
export async function startFakeDeepgram(apiKey: string): Promise<FakeDeepgram> {
  const audio = new Map<string, Array<[number, string]>>();
  const server = await startFakeHttp((request, answer) => {
    const requestId = randomUUID();
    if (request.headers.authorization !== `Token ${apiKey}`)
      return answer(401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: requestId });
    if (request.method !== 'POST' || request.path !== '/v1/listen')
      return answer(404, { err_code: 'NOT_FOUND', err_msg: 'Not found', request_id: requestId });
    const url = JSON.parse(request.raw || '{}').url;
    const lines = audio.get(url);
    if (!lines)
      return answer(400, {
        err_code: 'REMOTE_CONTENT_ERROR',
        err_msg: 'The remote server hosting the media returned a client error: 404 Not Found.',
        request_id: requestId,
      });
    let at = 0.4;
    const utterances = lines.map(([speaker, transcript], id) => {
      const start = at;
      at += 3.1;
      return { start, end: start + 2.8, confidence: 0.97, channel: 0, transcript, words: [], speaker, id: randomUUID(), index: id };
    });
    const transcript = lines.map(([, text]) => text).join(' ');
    answer(200, {
      metadata: {
        transaction_key: 'deprecated',
        request_id: requestId,
        sha256: 'fake',
        created: new Date().toISOString(),
        duration: at,
        channels: 1,
        models: [randomUUID()],
        model_info: {},
      },
      results: {
        channels: [
          { alternatives: [{ transcript, confidence: 0.97, words: [], paragraphs: { transcript: `\n${transcript}`, paragraphs: [] } }] },
        ],
        utterances,
      },
    });
  });
  return { ...server, audio: (url, lines) => audio.set(url, lines) };
}
