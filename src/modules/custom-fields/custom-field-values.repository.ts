import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { companies } from '../companies/companies.table.js';
import { contacts } from '../contacts/contacts.table.js';
import { funnelConversations } from '../conversations/conversations.table.js';
import type { CustomFieldEntityType } from './custom-fields.schemas.js';

/**
 * SQL over the records that hold custom field values: each entity type keeps its values in a
 * JSONB `custom_fields` object keyed by `fieldKey`. Definition and option changes rewrite
 * those objects here, inside the caller's transaction.
 */
interface ValueTable {
  table: PgTable;
  workspaceId: PgColumn;
  customFields: PgColumn;
  updatedAt: PgColumn;
  /** A change counter bumped with every change to the record, where the table has one. */
  version?: PgColumn;
}

/**
 * The table holding the values of each entity type: the one place to add a table when an
 * entity type gets one. `null` means the entity type has no table yet, hence no values.
 */
const valueTables: Record<CustomFieldEntityType, ValueTable | null> = {
  CONTACT: {
    table: contacts,
    workspaceId: contacts.workspaceId,
    customFields: contacts.customFields,
    updatedAt: contacts.updatedAt,
    version: contacts.version,
  },
  COMPANY: { table: companies, workspaceId: companies.workspaceId, customFields: companies.customFields, updatedAt: companies.updatedAt },
  FUNNEL_CONVERSATION: {
    table: funnelConversations,
    workspaceId: funnelConversations.workspaceId,
    customFields: funnelConversations.customFields,
    updatedAt: funnelConversations.updatedAt,
  },
  FUNNEL_CHANNEL_SESSION: null,
  PRODUCT: null,
};

export function valueTableOf(entityType: CustomFieldEntityType): ValueTable | null {
  return valueTables[entityType];
}

/** How many records of `entityType` hold a value under `fieldKey`. */
export async function countRecordsWithValue(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  fieldKey: string,
): Promise<number> {
  const target = valueTableOf(entityType);
  if (!target) return 0;
  const result = await db.execute<{ count: number }>(
    sql`SELECT count(*)::int AS count FROM ${target.table} WHERE ${target.workspaceId} = ${workspaceId} AND ${target.customFields} ? ${fieldKey}::text`,
  );
  return result.rows[0]?.count ?? 0;
}

/** Removes `fieldKey` from every record holding it, or only from those holding `onlyValue`. Returns the records changed. */
export async function removeStoredValues(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  fieldKey: string,
  onlyValue?: string,
): Promise<number> {
  const target = valueTableOf(entityType);
  if (!target) return 0;
  const holding = onlyValue === undefined ? holdsKey(target, fieldKey) : holdsValue(target, fieldKey, onlyValue);
  return updateRecords(db, target, workspaceId, sql`${target.customFields} - ${fieldKey}::text`, holding);
}

/** Moves every value stored under `fromKey` to `toKey` (a definition's key was renamed). */
export async function renameStoredKey(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  fromKey: string,
  toKey: string,
): Promise<number> {
  const target = valueTableOf(entityType);
  if (!target) return 0;
  const renamed = sql`(${target.customFields} - ${fromKey}::text) || jsonb_build_object(${toKey}::text, ${target.customFields} -> ${fromKey}::text)`;
  return updateRecords(db, target, workspaceId, renamed, holdsKey(target, fromKey));
}

/** Replaces `fromValue` with `toValue` under `fieldKey` (a LIST option's value was changed). */
export async function replaceStoredValue(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  fieldKey: string,
  fromValue: string,
  toValue: string,
): Promise<number> {
  const target = valueTableOf(entityType);
  if (!target) return 0;
  const replaced = sql`jsonb_set(${target.customFields}, ARRAY[${fieldKey}::text], to_jsonb(${toValue}::text))`;
  return updateRecords(db, target, workspaceId, replaced, holdsValue(target, fieldKey, fromValue));
}

// `?` and `@>` are the operators the tables' GIN indexes on custom_fields serve.
function holdsKey(target: ValueTable, fieldKey: string): SQL {
  return sql`${target.customFields} ? ${fieldKey}::text`;
}

function holdsValue(target: ValueTable, fieldKey: string, value: string): SQL {
  return sql`${target.customFields} @> jsonb_build_object(${fieldKey}::text, ${value}::text)`;
}

async function updateRecords(db: Executor, target: ValueTable, workspaceId: number, customFields: SQL, where: SQL): Promise<number> {
  // SET targets must be bare column names; drizzle renders columns table-qualified.
  const assignments = [
    sql`${sql.identifier(target.customFields.name)} = ${customFields}`,
    sql`${sql.identifier(target.updatedAt.name)} = now()`,
  ];
  if (target.version) assignments.push(sql`${sql.identifier(target.version.name)} = ${target.version} + 1`);
  const result = await db.execute(
    sql`UPDATE ${target.table} SET ${sql.join(assignments, sql`, `)} WHERE ${target.workspaceId} = ${workspaceId} AND ${where}`,
  );
  return result.rowCount ?? 0;
}
