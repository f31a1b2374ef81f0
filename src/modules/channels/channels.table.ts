import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { agents } from '../agents/agents.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * Where conversations happen: a web widget, a WhatsApp number, an API integration, ...
 * Soft-deleted, so chats keep their channel after it is removed.
 */
export const channels = pgTable(
  'channels',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** widget, whatsapp, waha, instagram, api, slack, sms, messenger, tiktok, voice. */
    type: text('type').notNull(),
    name: text('name').notNull(),
    /** Per-type settings that are not secret; shown by the API. */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Tokens and secrets, each sealed with SECRETS_KEY when one is configured; never shown. */
    secrets: jsonb('secrets').$type<Record<string, string>>().notNull().default({}),
    /**
     * The provider's id for this channel that its inbound traffic names (WhatsApp's phone
     * number id), set by the channel type's adapter: finds the channel for a webhook.
     */
    routingKey: text('routing_key'),
    /** The channel's own address on its network (a WhatsApp number in E.164: 003's `fromPhoneNumber`). */
    address: text('address'),
    /** SHA-256 of the webhook verify token, so the handshake can find it while the token stays sealed. */
    verifyTokenHash: text('verify_token_hash'),
    /** The agent or squad that answers new chats on this channel; the workspace default when null. */
    responderId: bigint('responder_id', { mode: 'number' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.responderId],
      foreignColumns: [agents.workspaceId, agents.id],
      name: 'channels_responder_fk',
    }),
    uniqueIndex('channels_uuid_idx').on(table.workspaceId, table.uuid),
    index('channels_created_idx').on(table.workspaceId, table.createdAt, table.id),
    // One live channel per routing key and type across all workspaces: inbound traffic must route unambiguously.
    uniqueIndex('channels_routing_key_idx')
      .on(table.type, table.routingKey)
      .where(sql`deleted_at IS NULL AND routing_key IS NOT NULL`),
    uniqueIndex('channels_address_idx')
      .on(table.workspaceId, table.type, table.address)
      .where(sql`deleted_at IS NULL AND address IS NOT NULL`),
    index('channels_verify_token_idx')
      .on(table.verifyTokenHash)
      .where(sql`deleted_at IS NULL`),
  ],
);
