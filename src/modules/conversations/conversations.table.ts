import { bigint, foreignKey, index, jsonb, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { contacts } from '../contacts/contacts.table.js';
import { funnelStatuses, funnels } from '../funnels/funnels.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

/** A contact's conversation in a funnel: the CRM record (deal, ticket, lead) that moves through its statuses. */
export const funnelConversations = pgTable(
  'funnel_conversations',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    funnelId: bigint('funnel_id', { mode: 'number' }).notNull(),
    /** Null when the conversation sits in no status; else a status of `funnel_id` (enforced by the composite key). */
    funnelStatusId: bigint('funnel_status_id', { mode: 'number' }),
    /** Deleting a contact deletes its conversations. */
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    /** The team member handling the conversation. Users get their own table in a later issue. */
    userId: bigint('user_id', { mode: 'number' }),
    /** Values keyed by FUNNEL_CONVERSATION custom field `fieldKey`, validated on every write. */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    // No cascade: a funnel with conversations cannot be deleted (the service answers 409).
    foreignKey({
      columns: [table.workspaceId, table.funnelId],
      foreignColumns: [funnels.workspaceId, funnels.id],
      name: 'funnel_conversations_funnel_fk',
    }),
    foreignKey({
      columns: [table.workspaceId, table.funnelId, table.funnelStatusId],
      foreignColumns: [funnelStatuses.workspaceId, funnelStatuses.funnelId, funnelStatuses.id],
      name: 'funnel_conversations_status_fk',
    }),
    foreignKey({
      columns: [table.workspaceId, table.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: 'funnel_conversations_contact_fk',
    }).onDelete('cascade'),
    index('funnel_conversations_created_idx').on(table.workspaceId, table.createdAt, table.id),
    index('funnel_conversations_updated_idx').on(table.workspaceId, table.updatedAt, table.id),
    index('funnel_conversations_funnel_idx').on(table.workspaceId, table.funnelId, table.funnelStatusId),
    index('funnel_conversations_contact_idx').on(table.workspaceId, table.contactId),
    index('funnel_conversations_custom_fields_idx').using('gin', table.customFields),
  ],
);
