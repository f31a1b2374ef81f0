import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTurnJob } from '../../src/modules/agent-runtime/turn-queue.js';
import { handoffs } from '../../src/modules/tickets/handoffs.js';
import { chatMessages, chatNumericId, customerSays, finishedRuns, newChat, runtimeApp, type RuntimeTest } from './runtime-helpers.js';

/** The runtime's guarantees, driven turn by turn (the background is not started) so races are made on purpose. */
let test: RuntimeTest;

beforeAll(async () => {
  test = await runtimeApp({}, false);
});

async function jobFor(chatUuid: string): Promise<AgentTurnJob> {
  const result = await test.app.database.pool.query<{ workspace_id: string; id: string; uuid: string }>(
    'SELECT c.workspace_id, c.id, w.uuid FROM chats c JOIN workspaces w ON w.id = c.workspace_id WHERE c.uuid = $1',
    [chatUuid],
  );
  const row = result.rows[0]!;
  return { workspaceId: Number(row.workspace_id), workspaceUuid: row.uuid, chatId: Number(row.id) };
}

const replies = async (chatId: string) => (await chatMessages(test, chatId)).filter((message) => message.role === 'assistant');
const turns = () => test.app.services.agentTurns;

describe('one answer per burst', () => {
  it('answers a burst once, even when two runtimes race and the job is retried afterwards', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    test.provider.script = async (context) => {
      await gate;
      return { text: `Answering ${context.messages.filter((message) => message.role === 'customer').length} messages` };
    };
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Hi');
    await customerSays(test, chat.id, 'I need a quote');
    await customerSays(test, chat.id, 'for 3 chairs');
    const job = await jobFor(chat.id);
    const first = turns().runTurn(job);
    const second = turns().runTurn(job);
    const results = await Promise.all([second, new Promise((resolve) => setTimeout(resolve, 50)).then(() => (release(), first))]);
    const retried = await turns().runTurn(job);
    const ran = [...results, retried].filter((result) => result.ran);
    expect(ran).toHaveLength(1);
    expect([...results, retried].filter((result) => !result.ran).map((result) => !result.ran && result.reason)).toEqual(
      expect.arrayContaining(['nothing to answer']),
    );
    expect((await replies(chat.id)).map((reply) => reply.content)).toEqual(['Answering 3 messages']);
    const [run] = await finishedRuns(test, chat.id);
    expect(run!.answeredMessageIds).toHaveLength(3);
  });

  it('answers what came after the last answer in a new turn', async () => {
    test.provider.script = (context) => ({ text: `Re: ${context.messages.at(-1)?.text}` });
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'one');
    const job = await jobFor(chat.id);
    await turns().runTurn(job);
    await customerSays(test, chat.id, 'two');
    await turns().runTurn(job);
    await turns().runTurn(job);
    expect((await replies(chat.id)).map((reply) => reply.content)).toEqual(['Re: one', 'Re: two']);
  });

  it('takes over a turn whose claimer died (its lease ran out), and answers once', async () => {
    test.provider.script = () => ({ text: 'Recovered answer' });
    const { chat } = await newChat(test);
    const message = await customerSays(test, chat.id, 'Are you there?');
    const job = await jobFor(chat.id);
    const messageId = (await test.app.database.pool.query('SELECT id FROM messages WHERE uuid = $1', [message.id ?? message.uuid])).rows[0]
      ?.id;
    const agentId = (await test.app.database.pool.query('SELECT id FROM agents WHERE uuid = $1', [test.agent.uuid])).rows[0].id;
    await test.app.database.pool.query(
      `INSERT INTO agent_runs (workspace_id, chat_id, agent_id, answered_message_id, answered_message_ids, claim_token, lease_until, provider)
       VALUES ($1, $2, $3, $4, $5, $6, now() - interval '1 second', 'builtin')`,
      [job.workspaceId, job.chatId, agentId, messageId, JSON.stringify([Number(messageId)]), randomUUID()],
    );
    const result = await turns().runTurn(job);
    expect(result).toMatchObject({ ran: true });
    expect((await replies(chat.id)).map((reply) => reply.content)).toEqual(['Recovered answer']);
    expect((await turns().runTurn(job)).ran).toBe(false);
  });
});

describe('never an answer after a handoff', () => {
  it('drops the reply when a handoff lands while the provider is thinking', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let asked!: () => void;
    const providerAsked = new Promise<void>((resolve) => (asked = resolve));
    test.provider.script = async () => {
      asked();
      await gate;
      return { text: 'This must never be sent' };
    };
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Hello');
    const job = await jobFor(chat.id);
    const turn = turns().runTurn(job);
    await providerAsked;
    await test.app.database.db.transaction((tx) =>
      handoffs.requestHandoff(tx, job.workspaceId, {
        chatId: job.chatId,
        reason: 'manual',
        summary: 'taken by Bea',
        actor: { kind: 'user', id: null },
      }),
    );
    release();
    const result = await turn;
    expect(result).toMatchObject({ ran: true, run: { status: 'paused', outcome: 'suppressed' } });
    expect(await replies(chat.id)).toEqual([]);
    // And later turns do not even ask the provider.
    await customerSays(test, chat.id, 'Hello again');
    expect(await turns().runTurn(job)).toEqual({ ran: false, reason: 'agent paused on this chat' });
    expect(await chatNumericId(test, chat.id)).toBe(job.chatId);
  });
});

afterAll(async () => {
  await test.app.close();
});
