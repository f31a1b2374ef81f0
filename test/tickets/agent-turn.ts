import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppDependencies } from '../../src/app.js';
import { ScriptedProvider } from '../helpers/scripted-provider.js';
import type { TestApp } from '../helpers/test-app.js';

/** What the next turn's provider says, and how long it thinks first (per turn, so concurrent turns do not mix). */
const turnScript = new AsyncLocalStorage<{ content: string; thinkMs: number }>();

const provider = new ScriptedProvider(async () => {
  const turn = turnScript.getStore();
  if (turn?.thinkMs) await sleep(turn.thinkMs);
  return { text: turn?.content ?? 'An answer' };
});

/**
 * For buildTestApp: the agents' builtin provider becomes one whose words and thinking time each
 * agentTurn sets; everything else of the turn (settings, claim, the locked pause re-check,
 * handoffs, the send) is the real runtime's.
 */
export const scriptedTurns: Pick<AppDependencies, 'providers'> = { providers: { builtin: provider } };

/**
 * One real agent turn on the chat (AgentTurns.runTurn, what the `agent-turn` job runs), its
 * provider answering `content` after thinking `beforeSendMs + beforeCommitMs`: the window in
 * which a handoff may land before the runtime's locked re-check. 'idle' when there was no
 * customer message left to answer.
 */
export async function agentTurn(
  app: TestApp,
  chat: { workspaceId: number; workspaceUuid: string; chatId: number },
  content: string,
  delays: { beforeSendMs?: number; beforeCommitMs?: number } = {},
): Promise<'answered' | 'paused' | 'idle'> {
  const thinkMs = (delays.beforeSendMs ?? 0) + (delays.beforeCommitMs ?? 0);
  const result = await turnScript.run({ content, thinkMs }, () => app.services.agentTurns.runTurn(chat));
  if (!result.ran) {
    if (result.reason === 'agent paused on this chat') return 'paused';
    if (result.reason === 'nothing to answer' || result.reason === 'another turn answers these messages') return 'idle';
    throw new Error(`the agent turn did not run: ${result.reason}`);
  }
  return result.run?.status === 'paused' ? 'paused' : 'answered';
}

/** The numeric ids a turn needs, from a chat's uuid. */
export async function chatKey(app: TestApp, chatUuid: string): Promise<{ workspaceId: number; workspaceUuid: string; chatId: number }> {
  const result = await app.database.pool.query<{ workspace_id: number; workspace_uuid: string; id: number }>(
    'SELECT c.workspace_id, w.uuid AS workspace_uuid, c.id FROM chats c JOIN workspaces w ON w.id = c.workspace_id WHERE c.uuid = $1',
    [chatUuid],
  );
  const row = result.rows[0]!;
  return { workspaceId: Number(row.workspace_id), workspaceUuid: row.workspace_uuid, chatId: Number(row.id) };
}
