import {
  bigint,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agents } from '../agents/agents.table.js';
import { chats } from '../chats/chats.table.js';

/** A tool call as the run recorded it: applied, or rejected with the reason. */
export interface RecordedToolCall {
  name: string;
  arguments: Record<string, unknown> | string;
  outcome: 'applied' | 'rejected' | 'skipped';
  error?: string;
}

/**
 * One agent turn: which customer messages it answered, with what, and how it went. The row is
 * written before the provider is asked (status `running`) and keyed on the last customer
 * message it answers, so two processes or a retried job never answer the same burst twice.
 */
export const agentRuns = pgTable(
  'agent_runs',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** The agent that answered (a squad's member when the chat's responder is a squad). */
    agentId: bigint('agent_id', { mode: 'number' }).notNull(),
    /** The agent version that answered (004's `responderVersionId`). */
    agentVersionId: bigint('agent_version_id', { mode: 'number' }),
    /** The last customer message of the burst: one run per (chat, answered message). */
    answeredMessageId: bigint('answered_message_id', { mode: 'number' }).notNull(),
    /** Every customer message the turn answered, oldest first. */
    answeredMessageIds: jsonb('answered_message_ids').$type<number[]>().notNull().default([]),
    /** running, completed (answered or acted), paused (a handoff landed first), failed. */
    status: text('status').notNull().default('running'),
    /** answered, missed (no answer found), handoff, fallback, suppressed, not_sent. */
    outcome: text('outcome'),
    /** Random per claim: only the claimer that holds it may finish the run. */
    claimToken: uuid('claim_token').notNull(),
    /** A `running` row past this time was abandoned (its process died) and may be claimed again. */
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    provider: text('provider').notNull(),
    model: text('model'),
    attempts: integer('attempts').notNull().default(0),
    latencyMs: integer('latency_ms'),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    toolCalls: jsonb('tool_calls').$type<RecordedToolCall[]>().notNull().default([]),
    /** Whether the provider found something to answer with (misses count toward handoff). */
    answered: boolean('answered'),
    /** The reply message stored on the chat, if any. */
    replyMessageId: bigint('reply_message_id', { mode: 'number' }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date', precision: 3 }),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.chatId],
      foreignColumns: [chats.workspaceId, chats.id],
      name: 'agent_runs_chat_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.workspaceId, table.agentId],
      foreignColumns: [agents.workspaceId, agents.id],
      name: 'agent_runs_agent_fk',
    }),
    uniqueIndex('agent_runs_uuid_idx').on(table.workspaceId, table.uuid),
    uniqueIndex('agent_runs_answered_idx').on(table.workspaceId, table.chatId, table.answeredMessageId),
    index('agent_runs_agent_idx').on(table.workspaceId, table.agentId, table.id),
    index('agent_runs_chat_idx').on(table.workspaceId, table.chatId, table.id),
  ],
);
