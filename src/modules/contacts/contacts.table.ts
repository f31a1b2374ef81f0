import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, uniqueIndex, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    providerId: text('provider_id'),
    providerName: text('provider_name'),
    nationalId: text('national_id'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** The team member who owns the contact. Users get their own table in a later issue. */
    userId: bigint('user_id', { mode: 'number' }),
    contactCompanyId: bigint('contact_company_id', { mode: 'number' }),
    companyPosition: text('company_position'),
    metadata: jsonb('metadata').$type<unknown>(),
    /** Values keyed by CONTACT custom field definition `fieldKey`, validated on every write. */
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    /** Lower-cased names and addresses, kept by the service for trigram search. */
    searchText: text('search_text').notNull().default(''),
    /** Incremented on every change; shown as `eventSequence` by contact search. */
    version: integer('version').notNull().default(1),
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date', precision: 3 }),
    /** Set while the contact is blocked: their messages are stored, never answered, and reopen nothing. */
    blockedAt: timestamp('blocked_at', { withTimezone: true, mode: 'date', precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.contactCompanyId],
      foreignColumns: [companies.workspaceId, companies.id],
      name: 'contacts_company_fk',
    }),
    uniqueIndex('contacts_uuid_idx').on(table.workspaceId, table.uuid),
    index('contacts_created_idx').on(table.workspaceId, table.createdAt, table.id),
    index('contacts_updated_idx').on(table.workspaceId, table.updatedAt, table.id),
    index('contacts_company_idx').on(table.workspaceId, table.contactCompanyId),
    index('contacts_search_idx').using('gin', sql`${table.searchText} gin_trgm_ops`),
    index('contacts_custom_fields_idx').using('gin', table.customFields),
  ],
);

/** The phone numbers, emails and channel handles a contact is reached at. */
export const contactAddresses = pgTable(
  'contact_addresses',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    contactId: bigint('contact_id', { mode: 'number' }).notNull(),
    /** PHONE, WHATSAPP, EMAIL, ... (see contacts.schemas.ts). */
    channelType: text('channel_type').notNull(),
    /** E.164 for phone-like channels, lower case for email, trimmed otherwise. */
    address: text('address').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: 'contact_addresses_contact_fk',
    }).onDelete('cascade'),
    index('contact_addresses_contact_idx').on(table.workspaceId, table.contactId),
    index('contact_addresses_address_idx').on(table.workspaceId, table.address),
  ],
);
