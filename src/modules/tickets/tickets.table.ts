import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { chats } from '../chats/chats.table.js';
import { contacts } from '../contacts/contacts.table.js';
import { users } from '../users/users.table.js';

/** A human handoff: one chat (and its contact) handed to the team until the ticket closes. */
export const tickets = pgTable(
  'tickets',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    /** OPEN, IN_PROGRESS or CLOSED; see ticket-states.ts for the allowed transitions. */
    status: text('status').notNull().default('OPEN'),
    /** customer_asked, agent_could_not_answer, keyword or manual (the first handoff's). */
    reason: text('reason').notNull(),
    /** Written at handoff; later handoffs while the ticket is active append theirs. */
    summary: text('summary'),
    /** How many handoff requests this ticket absorbed (1 + the ones added while active). */
    handoffCount: integer('handoff_count').notNull().default(1),
    assigneeUserId: bigint('assignee_user_id', { mode: 'number' }),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date', precision: 3 }),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.chatId],
      foreignColumns: [chats.workspaceId, chats.id],
      name: 'tickets_chat_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.workspaceId, table.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: 'tickets_contact_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.workspaceId, table.assigneeUserId],
      foreignColumns: [users.workspaceId, users.id],
      name: 'tickets_assignee_fk',
    }),
    uniqueIndex('tickets_uuid_idx').on(table.workspaceId, table.uuid),
    // The rule "at most one active ticket per chat", held by the database too.
    uniqueIndex('tickets_active_chat_idx')
      .on(table.workspaceId, table.chatId)
      .where(sql`status <> 'CLOSED'`),
    index('tickets_chat_idx').on(table.workspaceId, table.chatId, table.id),
    index('tickets_contact_idx').on(table.workspaceId, table.contactId, table.id),
  ],
);
