import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually } from '../helpers/webhook-receiver.js';
import { createHandoffsTable, ScriptedProvider, TableHandoffs } from '../helpers/scripted-provider.js';
import { createAgent, createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';
import type { Config } from '../../src/config.js';

export interface RuntimeTest {
  app: TestApp;
  apiKey: string;
  provider: ScriptedProvider;
  handoffs: TableHandoffs;
  agent: Record<string, any>;
  channel: Record<string, any>;
}

/** An app whose agents answer through a scripted provider, with handoffs kept in a test table. */
export async function runtimeApp(config: Partial<Config> = {}, start = true): Promise<RuntimeTest> {
  const provider = new ScriptedProvider();
  const handoffs = new TableHandoffs();
  const app = await buildTestApp(
    { AGENT_REPLY_DELAY_MS: 0, AGENT_TURN_ATTEMPTS: 2, AGENT_TURN_TIMEOUT_MS: 500, ...config },
    { agents: { providers: { builtin: provider }, handoffs } },
  );
  await createHandoffsTable(app.database.pool);
  if (start) await app.background.start();
  const { apiKey } = await app.newWorkspace('Shop');
  const agent = await createAgent(app, apiKey, 'Sales');
  const channel = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
  return { app, apiKey, provider, handoffs, agent, channel };
}

/** A chat on the API channel answered by the test's agent. */
export async function newChat(test: RuntimeTest, owner: Record<string, unknown> = { firstName: 'Ana' }) {
  const contact = await createOwner(test.app, test.apiKey, owner);
  const chat = await createChat(test.app, test.apiKey, {
    channelId: test.channel.uuid,
    ownerId: contact.uuid,
    responderId: test.agent.uuid,
    title: null,
  });
  return { chat, contact };
}

export const customerSays = (test: RuntimeTest, chatId: string, content: string) =>
  sendChatMessage(test.app, test.apiKey, chatId, { content, role: 'user' });

export async function chatMessages(test: RuntimeTest, chatId: string): Promise<Array<Record<string, any>>> {
  const response = await test.app.server.inject({
    method: 'GET',
    url: `/api/v1/chats/${chatId}/messages?pageSize=100`,
    headers: auth(test.apiKey),
  });
  return (response.json().items ?? response.json().data ?? response.json()) as Array<Record<string, any>>;
}

export async function agentRuns(test: RuntimeTest, chatId: string): Promise<Array<Record<string, any>>> {
  const response = await test.app.server.inject({ method: 'GET', url: `/api/v1/chats/${chatId}/agent-runs`, headers: auth(test.apiKey) });
  return response.json().items;
}

/** Waits until the chat has `count` finished runs. */
export const finishedRuns = (test: RuntimeTest, chatId: string, count = 1) =>
  eventually(async () => {
    const runs = await agentRuns(test, chatId);
    const finished = runs.filter((run) => run.status !== 'running');
    return finished.length >= count ? finished : undefined;
  }, `${count} finished agent runs`);

export async function chatNumericId(test: RuntimeTest, chatUuid: string): Promise<number> {
  const result = await test.app.database.pool.query<{ id: string }>('SELECT id FROM chats WHERE uuid = $1', [chatUuid]);
  return Number(result.rows[0]!.id);
}
