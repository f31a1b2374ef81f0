import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agents, agentVersions } from '../agents/agents.table.js';
import { channels } from '../channels/channels.table.js';
import { contacts } from '../contacts/contacts.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

/** A conversation thread with one contact on one channel (004's chat, 002's conversation). */
export const chats = pgTable(
  'chats',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** Null for chats started through the API without a channel. */
    channelId: bigint('channel_id', { mode: 'number' }),
    /** The contact the chat is with (004's `ownerId` is its uuid). */
    ownerContactId: bigint('owner_contact_id', { mode: 'number' }).notNull(),
    /** The agent or squad answering (004's `responderId`). */
    responderId: bigint('responder_id', { mode: 'number' }).notNull(),
    /** The responder version the chat is pinned to (004's `responderVersionId`). */
    responderVersionId: bigint('responder_version_id', { mode: 'number' }),
    /** Team member the chat is assigned to (002's `user_id`); users get a table in a later issue. */
    assigneeUserId: uuid('assignee_user_id'),
    title: text('title'),
    /** Inbox state: UNATTENDED, ATTENDED, PENDING or CLOSED. */
    status: text('status').notNull().default('UNATTENDED'),
    /** Whether the team has read the latest inbound message. */
    isRead: boolean('is_read').notNull().default(true),
    /** Latest and second latest message ids, kept by the send path in the same transaction (no FK: messages cascade from chats). */
    lastMessageId: bigint('last_message_id', { mode: 'number' }),
    penultimateMessageId: bigint('penultimate_message_id', { mode: 'number' }),
    /** 004's `lastChatMessageCreatedAt`: set by new messages, and writable through PATCH. */
    lastChatMessageCreatedAt: timestamp('last_chat_message_created_at', { withTimezone: true, mode: 'date', precision: 3 }),
    /** When the contact last wrote: WhatsApp allows free-form replies for 24 hours after it. */
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true, mode: 'date', precision: 3 }),
    messageCount: integer('message_count').notNull().default(0),
    /** Soft removal (004's `isRemoved`). */
    removedAt: timestamp('removed_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    /** Bumped by every change and every new message: 002 orders by it as "last activity". */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.channelId],
      foreignColumns: [channels.workspaceId, channels.id],
      name: 'chats_channel_fk',
    }),
    foreignKey({
      columns: [table.workspaceId, table.ownerContactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: 'chats_owner_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.workspaceId, table.responderId],
      foreignColumns: [agents.workspaceId, agents.id],
      name: 'chats_responder_fk',
    }),
    foreignKey({
      columns: [table.workspaceId, table.responderVersionId],
      foreignColumns: [agentVersions.workspaceId, agentVersions.id],
      name: 'chats_responder_version_fk',
    }),
    uniqueIndex('chats_uuid_idx').on(table.workspaceId, table.uuid),
    index('chats_owner_idx')
      .on(table.workspaceId, table.ownerContactId, table.channelId)
      .where(sql`removed_at IS NULL`),
    index('chats_activity_idx').on(table.workspaceId, table.updatedAt, table.id),
    index('chats_last_message_idx').on(table.workspaceId, table.lastChatMessageCreatedAt, table.id),
  ],
);
