import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completion, FakeOpenAi, type FakeResponse, type RecordedRequest } from '../helpers/fake-openai.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 9's "done when", over HTTP with nothing of the runtime replaced: an agent with a small
 * knowledge base on an API channel; the question is answered from it, email and phone are
 * captured (000's list, get, both exports, the CRM contact), "I want to talk to a person" opens
 * a ticket and the agent stays silent afterwards. Once with no LLM configured (builtin), once
 * with the openai provider against a fake OpenAI-compatible server making tool calls.
 */
const HOURS =
  'Our shop is open Monday to Friday from 9:00 to 18:00 and on Saturdays from 10:00 to 14:00. We are closed on Sundays and public holidays.';
const SHIPPING = 'We ship anywhere in Chile. Delivery takes two to four working days and costs 3.990 pesos.';

interface Flow {
  app: TestApp;
  apiKey: string;
  agent: Record<string, any>;
  chatId: string;
  contactId: number;
}

async function setUp(app: TestApp, provider: 'builtin' | 'openai'): Promise<Flow> {
  // As a server's start does: the runtime's consumer begins at the newest event (it never answers history).
  await app.background.drain();
  const { apiKey } = await app.newWorkspace(`Shop ${provider}`);
  const call = async (method: 'POST' | 'GET', url: string, payload?: object) => {
    const response = await app.server.inject({ method, url, headers: auth(apiKey), ...(payload ? { payload } : {}) });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const agent = await call('POST', '/api/v1/agents', {
    name: 'Tienda',
    instructions: 'You answer customers of a small shop.',
    language: 'en',
    provider,
    captureFields: ['email', 'phone'],
    replyDelayMs: 0,
  });
  await call('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Opening hours', content: HOURS });
  await call('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Shipping', content: SHIPPING });
  const channel = await call('POST', '/api/v1/channels', { type: 'api', name: 'Website backend' });
  const contact = await call('POST', '/api/v1/contacts', { firstName: 'Ana' });
  const owner = (await app.database.pool.query<{ uuid: string }>('SELECT uuid FROM contacts WHERE id = $1', [contact.id])).rows[0]!.uuid;
  const chat = await call('POST', '/api/v1/chats', { channelId: channel.uuid, ownerId: owner, responderId: agent.uuid, title: null });
  return { app, apiKey, agent, chatId: chat.id, contactId: contact.id };
}

const get = (flow: Flow, url: string) => flow.app.server.inject({ method: 'GET', url, headers: auth(flow.apiKey) });

/** The customer writes; the background (consumer, then turn job) runs to completion; the agent's new replies. */
async function customerSays(flow: Flow, content: string): Promise<string[]> {
  const before = await agentReplies(flow);
  const sent = await flow.app.server.inject({
    method: 'POST',
    url: `/api/v1/chats/${flow.chatId}/messages`,
    headers: auth(flow.apiKey),
    payload: { content, role: 'user' },
  });
  expect(sent.statusCode).toBe(200);
  await flow.app.background.drain();
  return (await agentReplies(flow)).slice(before.length);
}

async function agentReplies(flow: Flow): Promise<string[]> {
  const messages = (await get(flow, `/api/v1/chats/${flow.chatId}/messages?pageSize=100`)).json() as Array<Record<string, any>>;
  return messages.filter((message) => message.role === 'assistant').map((message) => message.content as string);
}

async function expectCaptured(flow: Flow) {
  const list = (await get(flow, `/api/agents/${flow.agent.id}/contacts`)).json();
  expect(list.meta).toMatchObject({ total: 1 });
  const [captured] = list.data;
  expect(captured).toMatchObject({ email: 'ana.perez@example.com', phone: '+56912345678', status: 'new', channel: 'api' });
  const one = await get(flow, `/api/agents/${flow.agent.uuid}/contacts/${captured.id}`);
  expect(one.statusCode).toBe(200);
  expect(one.json().data ?? one.json()).toMatchObject({ id: captured.id, email: 'ana.perez@example.com', phone: '+56912345678' });
  const csv = await get(flow, `/api/agents/${flow.agent.id}/contacts/export.csv`);
  expect(csv.statusCode).toBe(200);
  expect(csv.body).toContain('ana.perez@example.com');
  expect(csv.body).toContain('+56912345678');
  const json = await get(flow, `/api/agents/${flow.agent.id}/contacts/export.json`);
  expect(JSON.stringify(json.json())).toContain('ana.perez@example.com');
  // The export changed nothing.
  expect((await get(flow, `/api/agents/${flow.agent.id}/contacts`)).json().data[0].status).toBe('new');
  const crm = (await get(flow, `/api/v1/contacts/${flow.contactId}`)).json();
  expect(crm.addresses).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ channelType: 'EMAIL', address: 'ana.perez@example.com' }),
      expect.objectContaining({ channelType: 'PHONE', address: '+56912345678' }),
    ]),
  );
}

async function expectHandedOffAndSilent(flow: Flow) {
  const tickets = (await get(flow, `/api/v1/tickets?chatId=${flow.chatId}`)).json().items as Array<Record<string, any>>;
  expect(tickets).toEqual([expect.objectContaining({ status: 'OPEN', reason: 'customer_asked' })]);
  expect(tickets[0]!.summary).toEqual(expect.any(String));
  expect(tickets[0]!.summary.length).toBeGreaterThan(0);
  expect(await customerSays(flow, 'Hello? Is anyone there?')).toEqual([]);
  expect(await customerSays(flow, 'What time do you open on Saturday?')).toEqual([]);
  const runs = (await get(flow, `/api/v1/chats/${flow.chatId}/agent-runs`)).json().items as Array<Record<string, any>>;
  expect(runs.map((run) => run.outcome)).toEqual(['handoff', 'answered', 'answered']);
}

describe('done when: builtin provider, no LLM configured', () => {
  let flow: Flow;
  beforeAll(async () => {
    const app = await buildTestApp({ LLM_BASE_URL: undefined });
    flow = await setUp(app, 'builtin');
  });

  it('answers from the knowledge base, captures email and phone, hands off on request and then stays silent', async () => {
    const [answer] = await customerSays(flow, 'What time do you open on Saturday?');
    expect(answer).toContain('10:00');
    const replies = await customerSays(flow, 'My email is ana.perez@example.com and my phone is +56 9 1234 5678');
    expect(replies).toHaveLength(1);
    await expectCaptured(flow);
    const handoff = await customerSays(flow, 'I want to talk to a person');
    expect(handoff.length).toBeLessThanOrEqual(1);
    await expectHandedOffAndSilent(flow);
  });
});

describe('done when: openai provider against a fake OpenAI-compatible server, with tool calls', () => {
  const fake = new FakeOpenAi();
  let flow: Flow;
  beforeAll(async () => {
    await fake.start();
    const app = await buildTestApp({ LLM_BASE_URL: fake.url, LLM_API_KEY: 'test-key', LLM_MODEL: 'fake-model' });
    flow = await setUp(app, 'openai');
  });
  afterAll(() => fake.stop());

  /** Answers like a model would: from the passages in its prompt, with tools for details and handoffs. */
  function model(request: RecordedRequest): FakeResponse {
    const messages = request.body.messages as Array<{ role: string; content: string | null }>;
    if (!request.body.tools) return completion({ content: 'Ana asked for a person; email ana.perez@example.com, phone +56912345678.' });
    const last = [...messages].reverse().find((message) => message.role === 'user')?.content ?? '';
    if (messages.at(-1)?.role === 'tool') return completion({ content: 'Thanks, I have noted your details.' });
    if (/person/i.test(last)) {
      return completion({
        content: 'I am passing you to a person.',
        tool_calls: [{ id: 'h1', type: 'function', function: { name: 'handoff_to_human', arguments: '{"reason":"customer_asked"}' } }],
      });
    }
    if (/email/i.test(last)) {
      return completion({
        content: null,
        tool_calls: [
          {
            id: 'c1',
            type: 'function',
            function: { name: 'capture_contact', arguments: '{"email":"ana.perez@example.com","phone":"+56 9 1234 5678"}' },
          },
        ],
      });
    }
    const system = messages[0]?.content ?? '';
    return completion({ content: system.includes('10:00 to 14:00') ? 'On Saturdays we open from 10:00 to 14:00.' : 'I do not know.' });
  }

  it('answers from the knowledge base, captures through capture_contact, hands off through handoff_to_human, then stays silent', async () => {
    fake.respond(model);
    const [answer] = await customerSays(flow, 'What time do you open on Saturday?');
    expect(answer).toBe('On Saturdays we open from 10:00 to 14:00.');
    expect(fake.requests[0]!.headers.authorization).toBe('Bearer test-key');
    expect(fake.requests[0]!.body.model).toBe('fake-model');
    expect(await customerSays(flow, 'My email is ana.perez@example.com and my phone is +56 9 1234 5678')).toEqual([
      'Thanks, I have noted your details.',
    ]);
    await expectCaptured(flow);
    expect(await customerSays(flow, 'I want to talk to a person')).toEqual(['I am passing you to a person.']);
    const [ticket] = (await get(flow, `/api/v1/tickets?chatId=${flow.chatId}`)).json().items;
    // The ticket's summary is the provider's summarize(): a completion without tools.
    expect(ticket.summary).toBe('Ana asked for a person; email ana.perez@example.com, phone +56912345678.');
    const asked = fake.requests.length;
    await expectHandedOffAndSilent(flow);
    expect(fake.requests.length).toBe(asked);
  });
});
