import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { handoffs } from '../../src/modules/tickets/handoffs.js';
import { actorOf } from '../../src/shared/actor.js';
import { createChannel, createChat, createOwner } from '../chats/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { agentTurn, chatKey, scriptedTurns } from './agent-turn.js';

let app: TestApp;
let apiKey: string;
let api: Record<string, any>;
let ana: Record<string, any>;

beforeAll(async () => {
  app = await buildTestApp({}, scriptedTurns);
  ({ apiKey } = await app.newWorkspace('Acme'));
  api = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
  ana = (await request('POST', '/api/v1/users', { email: 'ana@example.com', name: 'Ana' })).json();
});

const request = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.server.inject({ method, url, headers: auth(apiKey), ...(payload === undefined ? {} : { payload }) });

type Operation =
  | { kind: 'customer' }
  | { kind: 'handoff'; manual: boolean }
  | { kind: 'operator' }
  | { kind: 'close' }
  | { kind: 'reopen' }
  | { kind: 'agent'; beforeSendMs: number; beforeCommitMs: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'customer' as const }) },
  { weight: 2, arbitrary: fc.boolean().map((manual) => ({ kind: 'handoff' as const, manual })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'operator' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reopen' as const }) },
  {
    weight: 4,
    arbitrary: fc
      .record({ beforeSendMs: fc.integer({ min: 0, max: 15 }), beforeCommitMs: fc.integer({ min: 0, max: 15 }) })
      .map((delays) => ({ kind: 'agent' as const, ...delays })),
  },
);

/** Runs the operations concurrently, each after its own random start delay; returns the customer messages sent. */
async function run(chat: Record<string, any>, scheduled: { operation: Operation; startMs: number }[]): Promise<string[]> {
  const key = await chatKey(app, chat.id);
  const customerMessages: string[] = [];
  const ticketsOf = async (status: string) =>
    (await request('GET', `/api/v1/tickets?chatId=${chat.id}&status=${status}`)).json().items as { id: string }[];
  await Promise.all(
    scheduled.map(async ({ operation, startMs }, index) => {
      await sleep(startMs);
      switch (operation.kind) {
        case 'customer': {
          const content = `customer message ${index}`;
          const response = await request('POST', `/api/v1/chats/${chat.id}/messages`, { content, role: 'user' });
          expect(response.statusCode).toBe(200);
          customerMessages.push(content);
          return;
        }
        case 'handoff':
          if (operation.manual) {
            expect([200, 201]).toContain(
              (await request('POST', '/api/v1/tickets', { chatId: chat.id, summary: `manual ${index}` })).statusCode,
            );
          } else {
            await app.database.db.transaction((tx) =>
              handoffs.requestHandoff(tx, key.workspaceId, {
                chatId: key.chatId,
                reason: 'agent_could_not_answer',
                summary: `agent ${index}`,
                actor: actorOf('agent', chat.responderId),
              }),
            );
          }
          return;
        case 'operator': {
          const response = await request('POST', `/api/v1/chats/${chat.id}/messages`, { content: `operator ${index}`, userId: ana.uuid });
          expect(response.statusCode).toBe(200);
          return;
        }
        case 'close':
        case 'reopen': {
          const [ticket] = await ticketsOf(operation.kind === 'close' ? 'OPEN,IN_PROGRESS' : 'CLOSED');
          if (!ticket) return;
          // Another operation may have moved it meanwhile: then the answer is 409, never anything else.
          expect([200, 409]).toContain((await request('POST', `/api/v1/tickets/${ticket.id}/${operation.kind}`)).statusCode);
          return;
        }
        case 'agent':
          await agentTurn(app, key, `agent answer ${index}`, operation);
          return;
      }
    }),
  );
  return customerMessages;
}

/**
 * Replays the chat's events in id order. Every writer of a chat's messages and tickets holds the
 * chat's row lock while it writes its events, so id order is the order the changes committed in.
 */
async function checkInvariants(chat: Record<string, any>, customerMessages: string[]): Promise<void> {
  const events = await app.database.pool.query<{ type: string; data: any }>(
    `SELECT type, data FROM events WHERE data->>'chatUuid' = $1 AND (type = 'message.created' OR type LIKE 'ticket.%') ORDER BY id`,
    [chat.id],
  );
  const active = new Map<string, string>();
  for (const { type, data } of events.rows) {
    if (type.startsWith('ticket.')) {
      if (data.status === 'CLOSED') active.delete(data.uuid);
      else active.set(data.uuid, data.status);
      expect(active.size, 'never two active tickets on a chat').toBeLessThanOrEqual(1);
    } else if (data.role === 'assistant') {
      expect(active.size, `agent message "${data.content}" while ticket ${[...active.keys()].join(', ')} was active`).toBe(0);
    }
  }
  const stored = await app.database.pool.query<{ content: string; count: number }>(
    `SELECT m.content, count(*)::int AS count FROM messages m JOIN chats c ON c.workspace_id = m.workspace_id AND c.id = m.chat_id
     WHERE c.uuid = $1 AND m.role = 'user' GROUP BY m.content`,
    [chat.id],
  );
  const counts = new Map(stored.rows.map((row) => [row.content, row.count]));
  for (const content of customerMessages) expect(counts.get(content), `customer message "${content}"`).toBe(1);
  const activeNow = await request('GET', `/api/v1/tickets?chatId=${chat.id}&status=OPEN,IN_PROGRESS`);
  expect(activeNow.json().totalCount).toBeLessThanOrEqual(1);
}

describe('handoff state machine under random interleavings', () => {
  it('never lets an agent answer while a ticket is active, never holds two active tickets, never loses a customer message', async () => {
    let run_ = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ operation, startMs: fc.integer({ min: 0, max: 25 }) }), { minLength: 4, maxLength: 24 }),
        async (scheduled) => {
          run_ += 1;
          const owner = await createOwner(app, apiKey, { firstName: `Customer ${run_}` });
          const chat = await createChat(app, apiKey, { channelId: api.uuid, ownerId: owner.uuid, title: null });
          const customerMessages = await run(chat, scheduled);
          await checkInvariants(chat, customerMessages);
        },
      ),
      { numRuns: 20 },
    );
  }, 240_000);
});
