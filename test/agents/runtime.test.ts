import { beforeAll, describe, expect, it } from 'vitest';
import { auth } from '../helpers/test-app.js';
import { eventually } from '../helpers/webhook-receiver.js';
import {
  agentRuns,
  chatMessages,
  chatTickets,
  chatNumericId,
  customerSays,
  finishedRuns,
  newChat,
  runtimeApp,
  type RuntimeTest,
} from './runtime-helpers.js';

let test: RuntimeTest;

beforeAll(async () => {
  test = await runtimeApp();
});

const agentReplies = async (chatId: string) => (await chatMessages(test, chatId)).filter((message) => message.role === 'assistant');

describe('agent runtime', () => {
  it('answers a customer message on the API channel, recording the run, the agent version and an event', async () => {
    test.provider.script = (context) => ({ text: `Hello! You wrote: ${context.messages.at(-1)?.text}` });
    const { chat } = await newChat(test);
    const asked = await customerSays(test, chat.id, 'What are your opening hours?');
    const [run] = await finishedRuns(test, chat.id);
    expect(run).toMatchObject({
      status: 'completed',
      outcome: 'answered',
      provider: 'builtin',
      model: 'scripted',
      attempts: 1,
      promptTokens: 10,
    });
    const replies = await agentReplies(chat.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ content: 'Hello! You wrote: What are your opening hours?', direction: 'outbound', status: 'sent' });
    expect(replies[0]!.metadata).toMatchObject({ agentRunId: run!.id, agentId: test.agent.uuid, responderVersionId: test.agent.versionId });
    expect(run!.agentVersionId).toEqual(expect.any(Number));
    expect(run!.replyMessageId).toEqual(expect.any(Number));
    expect(run!.answeredMessageIds).toHaveLength(1);
    const events = await test.app.database.pool.query(
      `SELECT actor_kind, actor_id FROM events WHERE (type = 'agent.run.completed' AND data->>'id' = $1) OR (type = 'message.created' AND data->>'uuid' = $2)`,
      [run!.id, replies[0]!.id],
    );
    // The run's event and the reply's are the agent's own.
    expect(events.rows).toEqual([
      { actor_kind: 'agent', actor_id: test.agent.uuid },
      { actor_kind: 'agent', actor_id: test.agent.uuid },
    ]);
    expect(asked.content).toBe('What are your opening hours?');
    // The agent's own reply does not start another turn.
    expect((await agentRuns(test, chat.id)).length).toBe(1);
  });

  it('gives the provider the recent messages, what is known of the contact and the misses so far', async () => {
    test.provider.script = () => ({ text: 'Noted', answered: false });
    const { chat } = await newChat(test, { firstName: 'Luis', addresses: [{ channelType: 'EMAIL', address: 'luis@example.com' }] });
    await customerSays(test, chat.id, 'first');
    await finishedRuns(test, chat.id, 1);
    const before = test.provider.contexts.length;
    await customerSays(test, chat.id, 'second');
    await finishedRuns(test, chat.id, 2);
    const context = test.provider.contexts.slice(before).at(-1)!;
    expect(context.messages.map((message) => [message.role, message.text])).toEqual([
      ['customer', 'first'],
      ['agent', 'Noted'],
      ['customer', 'second'],
    ]);
    expect(context.known).toMatchObject({ name: 'Luis', email: 'luis@example.com' });
    expect(context.misses).toBe(1);
  });

  it('captures contact details: stored for 000, filling only the blanks of the CRM contact, normalized', async () => {
    test.provider.script = () => ({
      text: 'Thanks!',
      toolCalls: [
        {
          id: 'c1',
          name: 'capture_contact',
          arguments: { name: 'Ana Pérez', email: ' Ana@Example.COM ', phone: '+56 9 1234 5678', company: 'Acme' },
        },
      ],
    });
    const { chat, contact } = await newChat(test, { firstName: 'Maria' });
    await customerSays(test, chat.id, 'I am Ana Pérez from Acme, ana@example.com, +56 9 1234 5678');
    const [run] = await finishedRuns(test, chat.id);
    expect(run!.toolCalls).toEqual([expect.objectContaining({ name: 'capture_contact', outcome: 'applied' })]);
    const capture = await test.app.database.pool.query('SELECT * FROM captures WHERE chat_id = $1', [await chatNumericId(test, chat.id)]);
    expect(capture.rows[0]).toMatchObject({
      email: 'ana@example.com',
      phone: '+56912345678',
      name: 'Ana Pérez',
      company: 'Acme',
      channel: 'api',
      status: 'new',
    });
    const crm = (await test.app.server.inject({ method: 'GET', url: `/api/v1/contacts/${contact.id}`, headers: auth(test.apiKey) })).json();
    // The person-set first name stays; the missing email and phone are added in stored form.
    expect(crm.firstName).toBe('Maria');
    expect(crm.addresses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channelType: 'EMAIL', address: 'ana@example.com' }),
        expect.objectContaining({ channelType: 'PHONE', address: '+56912345678' }),
      ]),
    );
  });

  it('records a capture with a malformed email as rejected and writes nothing of it', async () => {
    test.provider.script = () => ({ text: 'Ok', toolCalls: [{ id: 'c2', name: 'capture_contact', arguments: { email: 'not-an-email' } }] });
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'my mail is not-an-email');
    const [run] = await finishedRuns(test, chat.id);
    expect(run!.toolCalls[0]).toMatchObject({ name: 'capture_contact', outcome: 'rejected', error: expect.stringContaining('email') });
    const capture = await test.app.database.pool.query('SELECT 1 FROM captures WHERE chat_id = $1', [await chatNumericId(test, chat.id)]);
    expect(capture.rowCount).toBe(0);
  });

  it('hands off on a handoff_to_human call, then stays silent on the chat', async () => {
    test.provider.script = (context) =>
      context.messages.at(-1)?.text.includes('person')
        ? { text: 'I am passing you to a person.', toolCalls: [{ id: 'h', name: 'handoff_to_human', arguments: {} }] }
        : { text: 'Hi' };
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'I want to talk to a person');
    const [run] = await finishedRuns(test, chat.id);
    expect(run).toMatchObject({ outcome: 'handoff', status: 'completed' });
    const [ticket] = await chatTickets(test, chat.id);
    expect(ticket).toMatchObject({ reason: 'customer_asked', status: 'OPEN' });
    // The summary is the provider's summarize().
    expect(ticket!.summary).toBe('Summary: I want to talk to a person');
    const created = await test.app.database.pool.query(
      `SELECT actor_kind, actor_id FROM events WHERE type = 'ticket.created' AND data->>'uuid' = $1`,
      [ticket!.id],
    );
    expect(created.rows[0]).toEqual({ actor_kind: 'agent', actor_id: test.agent.uuid });
    await customerSays(test, chat.id, 'hello?');
    // Give the runtime its chance to (wrongly) answer: a later chat's answer proves the queue moved on.
    const { chat: other } = await newChat(test);
    await customerSays(test, other.id, 'ping');
    await finishedRuns(test, other.id);
    expect(await agentReplies(chat.id)).toHaveLength(1);
    expect(await agentRuns(test, chat.id)).toHaveLength(1);
  });

  it('creates a task and closes the chat when the provider asks', async () => {
    test.provider.script = () => ({
      text: 'I will call you back tomorrow.',
      toolCalls: [
        { id: 't', name: 'create_task', arguments: { objective: 'Call Ana back about the quote', title: 'Call back' } },
        { id: 'x', name: 'create_task', arguments: {} },
        { id: 'c', name: 'close_chat', arguments: {} },
      ],
    });
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Call me tomorrow please');
    const [run] = await finishedRuns(test, chat.id);
    expect(run!.toolCalls.map((call: Record<string, unknown>) => call.outcome)).toEqual(['applied', 'rejected', 'applied']);
    const tasks = await test.app.database.pool.query(`SELECT * FROM tasks WHERE objective = 'Call Ana back about the quote'`);
    expect(tasks.rows[0]).toMatchObject({ assigned_to_type: 'ai_employee', assigned_to_id: test.agent.uuid });
    const state = (await test.app.server.inject({ method: 'GET', url: `/api/v1/chats/${chat.id}`, headers: auth(test.apiKey) })).json();
    expect(state.status).toBe('CLOSED');
  });

  it('retries a failing provider, then sends the fallback message and hands off, recording the failure', async () => {
    test.provider.script = () => {
      throw new Error('model server is down');
    };
    const calls = test.provider.calls;
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Hello?');
    const [run] = await finishedRuns(test, chat.id);
    expect(test.provider.calls - calls).toBe(2);
    expect(run).toMatchObject({
      status: 'failed',
      outcome: 'fallback',
      attempts: 2,
      error: expect.stringContaining('model server is down'),
    });
    const replies = await agentReplies(chat.id);
    expect(replies.map((reply) => reply.content)).toEqual([expect.stringContaining('A person from our team')]);
    expect(await chatTickets(test, chat.id)).toEqual([expect.objectContaining({ reason: 'agent_could_not_answer', status: 'OPEN' })]);
    const events = await test.app.database.pool.query(`SELECT 1 FROM events WHERE type = 'agent.run.failed' AND data->>'id' = $1`, [
      run!.id,
    ]);
    expect(events.rowCount).toBe(1);
  });

  it('treats a provider that does not answer in time as a failure', async () => {
    test.provider.script = () => new Promise(() => {});
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Anyone?');
    const [run] = await finishedRuns(test, chat.id);
    expect(run).toMatchObject({ status: 'failed', outcome: 'fallback', error: expect.stringContaining('did not answer within 500 ms') });
    expect(await agentReplies(chat.id)).toHaveLength(1);
  });

  it('lists runs by agent, and answers 404 for another workspace', async () => {
    const list = await test.app.server.inject({
      method: 'GET',
      url: `/api/v1/agents/${test.agent.id}/runs?pageSize=2`,
      headers: auth(test.apiKey),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ page: 1, pageSize: 2, totalCount: expect.any(Number) });
    expect(list.json().items).toHaveLength(2);
    expect(list.json().totalCount).toBeGreaterThan(5);
    const { apiKey: otherKey } = await test.app.newWorkspace('Other');
    const foreign = await test.app.server.inject({ method: 'GET', url: `/api/v1/agents/${test.agent.id}/runs`, headers: auth(otherKey) });
    expect(foreign.statusCode).toBe(404);
    const { chat } = await newChat(test);
    const foreignChat = await test.app.server.inject({
      method: 'GET',
      url: `/api/v1/chats/${chat.id}/agent-runs`,
      headers: auth(otherKey),
    });
    expect(foreignChat.statusCode).toBe(404);
    expect(foreignChat.json()).toMatchObject({ code: 'NOT_FOUND' });
    const bad = await test.app.server.inject({
      method: 'GET',
      url: `/api/v1/agents/${test.agent.id}/runs?pageSize=0`,
      headers: auth(test.apiKey),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('pageSize');
    const badChat = await test.app.server.inject({ method: 'GET', url: `/api/v1/chats/nope/agent-runs`, headers: auth(test.apiKey) });
    expect(badChat.statusCode).toBe(400);
    const noKey = await test.app.server.inject({ method: 'GET', url: `/api/v1/agents/${test.agent.id}/runs` });
    expect(noKey.statusCode).toBe(401);
  });

  it('keeps the answered chat state visible through eventually-consistent reads', async () => {
    // The runtime never leaves a run `running` once its turn ends.
    await eventually(async () => {
      const stuck = await test.app.database.pool.query(`SELECT 1 FROM agent_runs WHERE status = 'running'`);
      return stuck.rowCount === 0 ? true : undefined;
    }, 'no running runs');
  });
});

describe('POST /api/v1/agents/{id}/preview', () => {
  const preview = (payload: object, key = test.apiKey, id = test.agent.id) =>
    test.app.server.inject({ method: 'POST', url: `/api/v1/agents/${id}/preview`, headers: auth(key), payload });

  it('answers in a sandbox: the reply and proposed tool calls, nothing stored or applied', async () => {
    test.provider.script = (context) => ({
      text: `Preview of: ${context.messages.at(-1)?.text} (known ${JSON.stringify(context.known)})`,
      toolCalls: [{ id: 'p', name: 'capture_contact', arguments: { email: 'x@example.com' } }],
    });
    const runsBefore = await test.app.database.pool.query('SELECT count(*)::int AS count FROM agent_runs');
    const response = await preview({
      message: 'Do you open on Sunday?',
      history: [{ role: 'customer', text: 'Hi' }],
      known: { name: 'Ana' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      text: 'Preview of: Do you open on Sunday? (known {"name":"Ana"})',
      answered: true,
      model: 'scripted',
      toolCalls: [{ name: 'capture_contact', arguments: { email: 'x@example.com' } }],
      passages: [],
    });
    expect(test.provider.contexts.at(-1)!.messages.map((message) => message.role)).toEqual(['customer', 'customer']);
    const runsAfter = await test.app.database.pool.query('SELECT count(*)::int AS count FROM agent_runs');
    expect(runsAfter.rows[0].count).toBe(runsBefore.rows[0].count);
    const stored = await test.app.database.pool.query(`SELECT 1 FROM captures WHERE email = 'x@example.com'`);
    expect(stored.rowCount).toBe(0);
  });

  it('rejects an empty message, an unknown field and a failing provider clearly', async () => {
    const empty = await preview({ message: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('message');
    expect((await preview({ message: 'hi', extra: 1 })).statusCode).toBe(400);
    test.provider.script = () => {
      throw new Error('boom');
    };
    const failed = await preview({ message: 'hi' });
    expect(failed.statusCode).toBe(502);
    expect(failed.json().message).toContain('boom');
  });

  it("is 404 for an unknown agent and for another workspace's agent", async () => {
    expect((await preview({ message: 'hi' }, test.apiKey, '99999999')).statusCode).toBe(404);
    const { apiKey: otherKey } = await test.app.newWorkspace('Another');
    const foreign = await preview({ message: 'hi' }, otherKey);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ error: 'NOT_FOUND' });
  });
});
