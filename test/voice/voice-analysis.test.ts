import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completion, FakeOpenAi } from '../helpers/fake-openai.js';
import { eventually, startVoiceApp } from './voice-setup.js';

const llm = await new FakeOpenAi().start();
let setup: Awaited<ReturnType<typeof startVoiceApp>>;

beforeAll(async () => {
  setup = await startVoiceApp({ LLM_BASE_URL: llm.url, LLM_MODEL: 'call-reviewer' });
  await setup.app.background.start();
});
afterAll(() => llm.stop());

async function loadAndAnalyse(url: string) {
  const { call, deepgram } = setup;
  deepgram.audio(url, [
    [0, 'Hi, this is Ana from Acme.'],
    [1, 'Yes, book me for Tuesday.'],
  ]);
  const loaded = (await call('POST', '/api/v1/recordings', { userId: 2, url, callTo: '+14155550140' })).json();
  return eventually(async () => {
    const answer = (await call('GET', `/api/v1/calls/${loaded.callId}`)).json();
    return answer.category ? answer : undefined;
  });
}

describe('after-call analysis through the configured LLM', () => {
  it('asks the model with the transcript and keeps its summary, score and category', async () => {
    llm.respond(
      completion({
        content: JSON.stringify({ summary: 'Ana booked a demo for Tuesday.', agentScore: 92, category: 'interested', callbackAt: null }),
      }),
    );
    const analysed = await loadAndAnalyse('https://files.example.com/llm-1.mp3');
    expect(analysed).toMatchObject({ category: 'interested', agentScore: 92, metadata: { summary: 'Ana booked a demo for Tuesday.' } });
    const request = llm.requests[0]!;
    expect(request.body.model).toBe('call-reviewer');
    expect(JSON.stringify(request.body.messages)).toContain('book me for Tuesday');
  });

  it('falls back to the rules, saying why, when the model answers nonsense or fails', async () => {
    llm.respond({ status: 400, body: { error: { message: 'model not found' } } });
    const analysed = await loadAndAnalyse('https://files.example.com/llm-2.mp3');
    expect(analysed.category).toBe('interested');
    expect(analysed.metadata.summary).toContain('Analysed by rules: LLM answered 400');
  });
});
