import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually } from '../helpers/webhook-receiver.js';
import { ScriptedProvider } from '../helpers/scripted-provider.js';
import { createChannel, createChat, createOwner, sendChatMessage } from '../chats/factories.js';
import type { Config } from '../../src/config.js';

export interface RuntimeTest {
  app: TestApp;
  apiKey: string;
  provider: ScriptedProvider;
  agent: Record<string, any>;
  channel: Record<string, any>;
}

export const FALLBACK = 'Sorry, I cannot answer right now. A person from our team will get back to you shortly.';

/**
 * An app whose agent's provider (builtin) is a scripted one, so tests can make it fail, hang or
 * wait; settings, knowledge, handoffs (the tickets module) and sends are the real ones.
 */
export async function runtimeApp(config: Partial<Config> = {}, start = true, settings: Record<string, unknown> = {}): Promise<RuntimeTest> {
  const provider = new ScriptedProvider();
  const app = await buildTestApp({ AGENT_TURN_ATTEMPTS: 2, AGENT_TURN_TIMEOUT_MS: 500, ...config }, { providers: { builtin: provider } });
  if (start) await app.background.start();
  const { apiKey } = await app.newWorkspace('Shop');
  const created = await app.server.inject({
    method: 'POST',
    url: '/api/v1/agents',
    headers: auth(apiKey),
    payload: { name: 'Sales', replyDelayMs: 0, fallbackMessage: FALLBACK, ...settings },
  });
  if (created.statusCode >= 300) throw new Error(`creating the agent failed: ${created.body}`);
  const agent = created.json();
  const channel = await createChannel(app, apiKey, { type: 'api', name: 'Integration' });
  return { app, apiKey, provider, agent, channel };
}

/** The chat's tickets (the handoffs), newest first. */
export async function chatTickets(test: RuntimeTest, chatId: string): Promise<Array<Record<string, any>>> {
  const response = await test.app.server.inject({ method: 'GET', url: `/api/v1/tickets?chatId=${chatId}`, headers: auth(test.apiKey) });
  return response.json().items;
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
