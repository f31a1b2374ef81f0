import { bigint, customType, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** Where a file was uploaded to WhatsApp: media ids are per phone number and expire after 30 days. */
export type ProviderUploads = Record<string, { mediaId: string; uploadedAt: string }>;

/** Files kept for messages (003's "files service"): stored in the database, size-limited and type-checked on upload. */
export const media = pgTable(
  'media',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** 003's `fileId`. */
    uuid: uuid('uuid').notNull().defaultRandom(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    tags: jsonb('tags').$type<Record<string, string>>().notNull().default({}),
    /** WhatsApp media ids by phone number id. */
    providerUploads: jsonb('provider_uploads').$type<ProviderUploads>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.workspaceId, table.id] }), uniqueIndex('media_uuid_idx').on(table.workspaceId, table.uuid)],
);
