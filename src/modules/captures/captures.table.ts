import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agents } from '../agents/agents.table.js';
import { chats } from '../chats/chats.table.js';

/**
 * What an agent captured of a customer in one chat (000's "captured contact"): one row per
 * agent and chat, merged as the conversation gives more.
 */
export const captures = pgTable(
  'captures',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    agentId: bigint('agent_id', { mode: 'number' }).notNull(),
    /** 000's `session_id`: the chat's numeric id. */
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** The chat's channel type when captured (000's `channel`): widget, whatsapp, api, ... */
    channel: text('channel').notNull(),
    /** Everything captured, as given (000's `contact_data`). */
    contactData: jsonb('contact_data').$type<Record<string, unknown>>().notNull().default({}),
    /** Normalized: lower-case email, E.164 phone. */
    email: text('email'),
    name: text('name'),
    company: text('company'),
    phone: text('phone'),
    /** new, exported (a PATCH marks them), or any status a client sets. */
    status: text('status').notNull().default('new'),
    contactCapturedAt: timestamp('contact_captured_at', { withTimezone: true, mode: 'date', precision: 3 }),
    contactExportedAt: timestamp('contact_exported_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.chatId],
      foreignColumns: [chats.workspaceId, chats.id],
      name: 'captures_chat_fk',
    }).onDelete('cascade'),
    foreignKey({ columns: [table.workspaceId, table.agentId], foreignColumns: [agents.workspaceId, agents.id], name: 'captures_agent_fk' }),
    uniqueIndex('captures_chat_idx').on(table.workspaceId, table.agentId, table.chatId),
    index('captures_agent_idx').on(table.workspaceId, table.agentId, table.contactCapturedAt, table.id),
    index('captures_search_idx').using(
      'gin',
      sql`(coalesce(${table.email}, '') || ' ' || coalesce(${table.name}, '') || ' ' || coalesce(${table.company}, '') || ' ' || coalesce(${table.phone}, '')) gin_trgm_ops`,
    ),
  ],
);
