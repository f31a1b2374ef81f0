import { beforeAll, describe, expect, it } from 'vitest';
import { chatMessages, customerSays, finishedRuns, newChat, runtimeApp, type RuntimeTest } from './runtime-helpers.js';

let test: RuntimeTest;

beforeAll(async () => {
  // Long enough that the three messages below are written before the turn runs.
  test = await runtimeApp({}, true, { replyDelayMs: 1_500 });
});

describe('a burst of customer messages', () => {
  it('queues one turn per chat and gets one answer for the whole burst', async () => {
    test.provider.script = (context) => ({
      text: `Got: ${context.messages
        .filter((message) => message.role === 'customer')
        .map((message) => message.text)
        .join(' + ')}`,
    });
    const { chat } = await newChat(test);
    await customerSays(test, chat.id, 'Hello');
    await customerSays(test, chat.id, 'do you ship to Chile?');
    await customerSays(test, chat.id, 'and how long does it take?');
    const [run] = await finishedRuns(test, chat.id);
    expect(run!.answeredMessageIds).toHaveLength(3);
    const replies = (await chatMessages(test, chat.id)).filter((message) => message.role === 'assistant');
    expect(replies.map((reply) => reply.content)).toEqual(['Got: Hello + do you ship to Chile? + and how long does it take?']);
    const jobs = await test.app.database.pool.query(`SELECT count(*)::int AS count FROM pgboss.job WHERE name = 'agent-turn'`);
    expect(jobs.rows[0].count).toBe(1);
  });
});
