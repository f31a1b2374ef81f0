import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { chats } from '../chats/chats.table.js';
import type { Attachment, MessageError, Participant } from './messages.schemas.js';

/** One message of a chat, in either direction (003's message). */
export const messages = pgTable(
  'messages',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    chatId: bigint('chat_id', { mode: 'number' }).notNull(),
    /** inbound (from the contact) or outbound (to the contact). */
    direction: text('direction').notNull(),
    /** user (the contact), assistant (an agent or squad), operator (a team member) or system. */
    role: text('role').notNull(),
    /** WhatsApp message type: text, image, document, template, ... */
    type: text('type').notNull().default('text'),
    content: text('content').notNull().default(''),
    /** pending, sent, delivered, read, failed (outbound) or received (inbound). */
    status: text('status').notNull(),
    /** The provider's message id (WhatsApp `wamid…`): dedupes webhook retries. */
    providerId: text('provider_id'),
    sender: jsonb('sender').$type<Participant>().notNull(),
    recipient: jsonb('recipient').$type<Participant>().notNull(),
    /** 003's `userId`: the team member who sent it. */
    userId: text('user_id'),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** Delivery failures reported by the provider. */
    errors: jsonb('errors').$type<MessageError[]>().notNull().default([]),
    /**
     * When a sender (the request or a job) took a pending outbound message to hand it to its
     * provider; a claim older than the claim timeout is taken as lost (see outbound-sends.ts).
     */
    sendClaimedAt: timestamp('send_claimed_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.chatId],
      foreignColumns: [chats.workspaceId, chats.id],
      name: 'messages_chat_fk',
    }).onDelete('cascade'),
    uniqueIndex('messages_uuid_idx').on(table.workspaceId, table.uuid),
    // NULLs are distinct, so only messages with a provider id are deduplicated.
    uniqueIndex('messages_provider_id_idx').on(table.workspaceId, table.providerId),
    // The sweep's look for outbound messages left pending.
    index('messages_pending_idx')
      .on(table.createdAt)
      .where(sql`status = 'pending'`),
    index('messages_chat_idx').on(table.workspaceId, table.chatId, table.createdAt, table.id),
  ],
);
