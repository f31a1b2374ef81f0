import { setTimeout as sleep } from 'node:timers/promises';
import { findChatRow } from '../../src/modules/chats/chats.repository.js';
import { appendMessage } from '../../src/modules/messages/message-writes.js';
import { participant } from '../../src/modules/messages/outbound-plan.js';
import { handoffs, tenantOfWorkspace } from '../../src/modules/tickets/handoffs.js';
import type { TestApp } from '../helpers/test-app.js';

/**
 * One agent turn, following the contract the agent runtime follows (src/modules/tickets/handoff.ts):
 * in one transaction, `isAgentPaused(..., { lock: true })`, then the agent's message only when
 * not paused, committed with it. The delays stand for the provider's thinking time between the
 * check and the commit. This is the one place to swap in the real runtime's turn once it lands.
 */
export async function agentTurn(
  app: TestApp,
  chat: { workspaceId: number; chatId: number },
  content: string,
  delays: { beforeSendMs?: number; beforeCommitMs?: number } = {},
): Promise<'answered' | 'paused'> {
  return app.database.db.transaction(async (tx) => {
    if (await handoffs.isAgentPaused(tx, chat.workspaceId, chat.chatId, { lock: true })) return 'paused';
    if (delays.beforeSendMs) await sleep(delays.beforeSendMs);
    const tenant = await tenantOfWorkspace(tx, chat.workspaceId, { kind: 'agent', id: null });
    const row = (await findChatRow(tx, chat.workspaceId, { id: chat.chatId }))!;
    await appendMessage(tx, tenant, row, {
      direction: 'outbound',
      role: 'assistant',
      type: 'text',
      content,
      status: 'sent',
      sender: participant('assistant', null, null, null),
      recipient: participant('user', null, null, null),
    });
    if (delays.beforeCommitMs) await sleep(delays.beforeCommitMs);
    return 'answered';
  });
}

/** The numeric ids a turn needs, from a chat's uuid. */
export async function chatKey(app: TestApp, chatUuid: string): Promise<{ workspaceId: number; chatId: number }> {
  const result = await app.database.pool.query<{ workspace_id: number; id: number }>('SELECT workspace_id, id FROM chats WHERE uuid = $1', [
    chatUuid,
  ]);
  const row = result.rows[0]!;
  return { workspaceId: Number(row.workspace_id), chatId: Number(row.id) };
}
