import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TurnContext } from '../../src/modules/agent-runtime/provider.js';
import { LlmRequestError, retryAfterMs } from '../../src/modules/agent-runtime/providers/openai-client.js';
import { OpenAiProvider } from '../../src/modules/agent-runtime/providers/openai.js';
import { completion, FakeOpenAi } from '../helpers/fake-openai.js';

const fake = new FakeOpenAi();
let delays: number[] = [];
let provider: OpenAiProvider;

beforeAll(async () => {
  await fake.start();
});
afterAll(() => fake.stop());
beforeEach(() => {
  delays = [];
  provider = new OpenAiProvider({
    baseUrl: fake.url,
    apiKey: 'sk-test',
    timeoutMs: 5000,
    defaultModel: 'default-model',
    sleep: async (ms) => {
      delays.push(ms);
    },
  });
});

function context(overrides: Partial<TurnContext['agent']> = {}): TurnContext {
  return {
    agent: {
      name: 'Clinic helper',
      instructions: 'Help patients of Sunrise Clinic.',
      language: 'auto',
      model: null,
      temperature: 0.2,
      maxTokens: 200,
      captureFields: ['name', 'email'],
      handoffKeywords: [],
      handoffAfterMisses: 3,
      ...overrides,
    },
    messages: [{ role: 'customer', text: 'Hi, when are you open? I am ana@example.com', at: new Date() }],
    known: { name: 'Ana' },
    passages: [{ documentId: 'd1', title: 'Hours', text: 'Open Monday to Friday 8 to 19.', rank: 0.5 }],
    misses: 0,
    defaultPhoneCountry: 'US',
  };
}

const capture = { name: 'capture_contact', arguments: '{"email":"ana@example.com"}' };

describe('openai provider', () => {
  it('sends the model, settings, knowledge, tools and key; reads text, tool calls and usage', async () => {
    fake.respond(completion({ content: 'We are open 8 to 19.', tool_calls: [{ id: 'call_1', type: 'function', function: capture }] }));
    const reply = await provider.reply(context({ model: 'agent-model' }), {});
    expect(reply).toMatchObject({
      text: 'We are open 8 to 19.',
      answered: true,
      model: 'agent-model',
      usage: { promptTokens: 10, completionTokens: 5 },
      toolCalls: [{ id: 'call_1', name: 'capture_contact', arguments: { email: 'ana@example.com' } }],
      rejectedToolCalls: [],
    });
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/chat/completions');
    expect(request!.headers.authorization).toBe('Bearer sk-test');
    expect(request!.body).toMatchObject({ model: 'agent-model', temperature: 0.2, max_tokens: 200 });
    expect(request!.body.tools.map((tool: any) => tool.function.name)).toEqual([
      'capture_contact',
      'handoff_to_human',
      'create_task',
      'close_chat',
    ]);
    expect(request!.body.messages[0].content).toContain('Open Monday to Friday 8 to 19.');
    expect(request!.body.messages[0].content).toContain('email');
    expect(request!.body.messages[1]).toEqual({ role: 'user', content: 'Hi, when are you open? I am ana@example.com' });
  });

  it('uses LLM_MODEL when the agent names no model', async () => {
    fake.respond(completion({ content: 'Hello' }));
    expect((await provider.reply(context(), {})).model).toBe('default-model');
    expect(fake.requests[0]!.body.model).toBe('default-model');
  });

  it('quirk: takes function.arguments given as an object', async () => {
    fake.respond(
      completion({
        content: 'Noted.',
        tool_calls: [
          { id: 'c1', type: 'function', function: { name: 'capture_contact', arguments: { email: 'ana@example.com', name: 'Ana Ruiz' } } },
        ],
      }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.toolCalls).toEqual([{ id: 'c1', name: 'capture_contact', arguments: { email: 'ana@example.com', name: 'Ana Ruiz' } }]);
  });

  it('quirk: gives missing or empty tool call ids unique ids', async () => {
    fake.respond(
      completion({
        content: 'Done.',
        tool_calls: [
          { type: 'function', function: capture },
          { id: '', type: 'function', function: { name: 'create_task', arguments: '{"title":"Call Ana back"}' } },
        ],
      }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.toolCalls).toHaveLength(2);
    const ids = reply.toolCalls.map((call) => call.id);
    expect(ids.every((id) => id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(2);
  });

  it('quirk: reads a tool call written into content as JSON', async () => {
    fake.respond(completion({ content: '{"name": "handoff_to_human", "arguments": {"reason": "asked for a person"}}' }));
    const reply = await provider.reply(context(), {});
    expect(reply.text).toBeNull();
    expect(reply.toolCalls).toMatchObject([{ name: 'handoff_to_human', arguments: { reason: 'asked for a person' } }]);
  });

  it('quirk: reads <tool_call> blocks in content and keeps the rest as the reply', async () => {
    fake.respond(
      completion({
        content:
          'Thanks Ana, I saved your email.\n<tool_call>\n{"name": "capture_contact", "arguments": {"email": "ana@example.com"}}\n</tool_call>',
      }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.text).toBe('Thanks Ana, I saved your email.');
    expect(reply.toolCalls).toMatchObject([{ name: 'capture_contact', arguments: { email: 'ana@example.com' } }]);
  });

  it('quirk: retries without tools when the server rejects them, and remembers', async () => {
    fake.respond(
      { status: 400, body: { error: { message: 'model llama2 does not support tools' } } },
      completion({ content: 'We open at 8. <tool_call>{"name":"capture_contact","arguments":{"email":"ana@example.com"}}</tool_call>' }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.text).toBe('We open at 8.');
    expect(reply.toolCalls).toHaveLength(1);
    expect(fake.requests[0]!.body.tools).toBeDefined();
    expect(fake.requests[1]!.body.tools).toBeUndefined();
    expect(fake.requests[1]!.body.messages[0].content).toContain('<tool_call>');
    await provider.reply(context(), {});
    expect(fake.requests[2]!.body.tools).toBeUndefined();
  });

  it('does not retry other 4xx errors', async () => {
    fake.respond({ status: 401, body: { error: { message: 'invalid api key' } } });
    await expect(provider.reply(context(), {})).rejects.toBeInstanceOf(LlmRequestError);
    expect(fake.requests).toHaveLength(1);
  });

  it('quirk: skips a call with malformed argument JSON and records it, keeping the good ones', async () => {
    fake.respond(
      completion({
        content: 'Ok.',
        tool_calls: [
          { id: 'bad', type: 'function', function: { name: 'capture_contact', arguments: '{"email": "ana@example.com"' } },
          { id: 'unknown', type: 'function', function: { name: 'delete_everything', arguments: '{}' } },
          { id: 'invalid', type: 'function', function: { name: 'capture_contact', arguments: '{"email":"not-an-email"}' } },
          { id: 'good', type: 'function', function: { name: 'close_chat', arguments: '{}' } },
        ],
      }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.toolCalls.map((call) => call.id)).toEqual(['good']);
    expect(reply.rejectedToolCalls).toMatchObject([
      { name: 'capture_contact', raw: '{"email": "ana@example.com"', error: expect.stringContaining('not valid JSON') },
      { name: 'delete_everything', error: expect.stringContaining('unknown tool') },
      { name: 'capture_contact', error: expect.stringContaining('email') },
    ]);
  });

  it('sends tool calls back with string arguments and ids when it needs a second round for the text', async () => {
    fake.respond(
      completion({
        content: null,
        tool_calls: [{ type: 'function', function: { name: 'capture_contact', arguments: { email: 'ana@example.com' } } }],
      }),
      completion({ content: 'Thanks, Ana!' }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.text).toBe('Thanks, Ana!');
    expect(reply.usage).toEqual({ promptTokens: 20, completionTokens: 10 });
    const second = fake.requests[1]!.body.messages;
    const assistant = second.find((message: any) => message.role === 'assistant' && message.tool_calls);
    const [call] = assistant.tool_calls;
    expect(typeof call.function.arguments).toBe('string');
    expect(JSON.parse(call.function.arguments)).toEqual({ email: 'ana@example.com' });
    expect(call.id).toBeTruthy();
    expect(second.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.id });
  });

  it('retries 429 honouring Retry-After and 5xx with backoff, then succeeds', async () => {
    fake.respond(
      { status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down' } },
      { status: 503, body: 'busy' },
      completion({ content: 'Here I am.' }),
    );
    const reply = await provider.reply(context(), {});
    expect(reply.text).toBe('Here I am.');
    expect(fake.requests).toHaveLength(3);
    expect(delays[0]).toBe(2000);
    expect(delays[1]).toBeGreaterThan(0);
    expect(delays[1]).toBeLessThan(2000);
  });

  it('fails with the status after the last attempt', async () => {
    fake.respond({ status: 500, body: { error: 'down' } });
    await expect(provider.reply(context(), {})).rejects.toMatchObject({ status: 500 });
    expect(fake.requests).toHaveLength(3);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('summarizes without tools', async () => {
    fake.respond(completion({ content: ' Ana wants the opening hours; email ana@example.com. ' }));
    expect(await provider.summarize(context(), {})).toBe('Ana wants the opening hours; email ana@example.com.');
    expect(fake.requests[0]!.body.tools).toBeUndefined();
  });
});
