import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

export const companies = pgTable(
  'companies',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    website: text('website'),
    phone: text('phone'),
    address: text('address'),
    description: text('description'),
    /** Values keyed by COMPANY custom field definition `fieldKey`, validated on every write. */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    metadata: jsonb('metadata').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('companies_created_idx').on(table.workspaceId, table.createdAt, table.id),
    index('companies_custom_fields_idx').using('gin', table.customFields),
  ],
);
