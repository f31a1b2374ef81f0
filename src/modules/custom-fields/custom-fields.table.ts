import { bigint, foreignKey, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.table.js';

export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** CONTACT, COMPANY, FUNNEL_CONVERSATION, FUNNEL_CHANNEL_SESSION, PRODUCT. */
    entityType: text('entity_type').notNull(),
    /** The key under which values are stored in the entity's `custom_fields`. */
    fieldKey: text('field_key').notNull(),
    fieldLabel: text('field_label'),
    /** STRING, NUMBER, DATE, BOOLEAN, LIST, FILE. */
    fieldType: text('field_type').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('custom_field_definitions_key_unique').on(table.workspaceId, table.entityType, table.fieldKey),
  ],
);

/** The allowed values of a LIST definition. */
export const customFieldOptions = pgTable(
  'custom_field_options',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    definitionId: bigint('definition_id', { mode: 'number' }).notNull(),
    value: text('value').notNull(),
    label: text('label'),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.definitionId],
      foreignColumns: [customFieldDefinitions.workspaceId, customFieldDefinitions.id],
      name: 'custom_field_options_definition_fk',
    }).onDelete('cascade'),
    unique('custom_field_options_value_unique').on(table.workspaceId, table.definitionId, table.value),
  ],
);
