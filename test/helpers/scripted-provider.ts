import { sql } from 'drizzle-orm';
import type { Executor } from '../../src/db/client.js';
import type { AgentProvider, ProviderReply, TurnContext } from '../../src/modules/agent-runtime/provider.js';
import type { HandoffRequest, HandoffResult, Handoffs } from '../../src/modules/tickets/handoff.js';

export type Script = (context: TurnContext, call: number) => Promise<Partial<ProviderReply>> | Partial<ProviderReply>;

/**
 * An AgentProvider for the runtime's tests: each reply comes from `script` (which may wait,
 * throw or hang), and every context it was given is kept. Until the builtin provider lands.
 */
export class ScriptedProvider implements AgentProvider {
  readonly name = 'builtin' as const;
  readonly contexts: TurnContext[] = [];
  calls = 0;

  constructor(public script: Script = (context) => ({ text: `You said: ${context.messages.at(-1)?.text}` })) {}

  async reply(context: TurnContext): Promise<ProviderReply> {
    this.calls += 1;
    this.contexts.push(context);
    const partial = await this.script(context, this.calls);
    return {
      text: null,
      toolCalls: [],
      rejectedToolCalls: [],
      answered: true,
      model: 'scripted',
      usage: { promptTokens: 10, completionTokens: 5 },
      ...partial,
    };
  }

  async summarize(context: TurnContext): Promise<string> {
    return `Summary: ${context.messages
      .filter((message) => message.role === 'customer')
      .map((message) => message.text)
      .join(' / ')}`;
  }
}

/**
 * Handoffs for the runtime's tests, until the tickets module lands: a handoff is a row in a
 * table of the test's own (createHandoffsTable), written in the caller's transaction, and
 * `isAgentPaused` with `lock` takes the chat's row lock first, as the interface requires.
 */
export class TableHandoffs implements Handoffs {
  readonly requests: HandoffRequest[] = [];

  async requestHandoff(tx: Executor, workspaceId: number, request: HandoffRequest): Promise<HandoffResult> {
    this.requests.push(request);
    const inserted = await tx.execute(
      sql`INSERT INTO test_handoffs (workspace_id, chat_id, reason) VALUES (${workspaceId}, ${request.chatId}, ${request.reason}) ON CONFLICT DO NOTHING`,
    );
    await tx.execute(sql`UPDATE chats SET status = 'UNATTENDED' WHERE workspace_id = ${workspaceId} AND id = ${request.chatId}`);
    return { ticketId: `${workspaceId}-${request.chatId}`, created: (inserted.rowCount ?? 0) > 0 };
  }

  async isAgentPaused(tx: Executor, workspaceId: number, chatId: number, options?: { lock?: boolean }): Promise<boolean> {
    if (options?.lock) await tx.execute(sql`SELECT 1 FROM chats WHERE workspace_id = ${workspaceId} AND id = ${chatId} FOR UPDATE`);
    const result = await tx.execute(sql`SELECT 1 FROM test_handoffs WHERE workspace_id = ${workspaceId} AND chat_id = ${chatId}`);
    return (result.rowCount ?? 0) > 0;
  }
}

/** Creates the test's handoffs table; call once per test database before the runtime starts. */
export async function createHandoffsTable(pool: { query(text: string): Promise<unknown> }): Promise<void> {
  await pool.query(
    'CREATE TABLE IF NOT EXISTS test_handoffs (workspace_id bigint, chat_id bigint, reason text, PRIMARY KEY (workspace_id, chat_id))',
  );
}
