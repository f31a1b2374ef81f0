import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, type FieldResolver } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { contacts } from './contacts.table.js';

export type ExportFormat = 'csv' | 'json';

/** Columns of the CSV export, in order. */
export const CSV_COLUMNS = [
  'id',
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyPosition',
  'contactCompanyId',
  'userId',
  'providerId',
  'providerName',
  'nationalId',
  'createdAt',
  'updatedAt',
  'addresses',
  'customFields',
] as const;

const iso = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A contact's addresses, read once per contact: the legacy email (first EMAIL address) and
 * phone (first PHONE, else first WHATSAPP or SMS address), and the whole list as CSV text and JSON.
 */
function addressesLateral(format: ExportFormat, tenantId: string): SQL {
  const first = (kinds: SQL) => sql`(array_agg(a.address ORDER BY a.id) FILTER (WHERE a.channel_type IN (${kinds})))[1]`;
  // Only the list form the format needs: a lateral subquery computes every column it names.
  const list =
    format === 'csv'
      ? sql`string_agg(a.channel_type || ':' || a.address, '|' ORDER BY a.id)`
      : sql`coalesce(json_agg(json_build_object('id', a.id, 'tenantId', ${tenantId}::text, 'contactId', a.contact_id,
          'channelType', a.channel_type, 'address', a.address, 'createdAt', ${iso(sql`a.created_at`)},
          'updatedAt', ${iso(sql`a.updated_at`)}) ORDER BY a.id) FILTER (WHERE a.id IS NOT NULL), '[]'::json)`;
  return sql`LEFT JOIN LATERAL (
    SELECT ${first(sql`'EMAIL'`)} AS email, coalesce(${first(sql`'PHONE'`)}, ${first(sql`'WHATSAPP', 'SMS'`)}) AS phone, ${list} AS list
    FROM contact_addresses a WHERE a.workspace_id = contacts.workspace_id AND a.contact_id = contacts.id
  ) addresses ON true`;
}

/**
 * A text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a
 * carriage return) gets a leading apostrophe, as csv-stringify's `escape_formulas` does, so
 * `=HYPERLINK(…)` in a first name is shown, never run. Plain numbers (an E.164 phone, `-5`)
 * are left as they are: a spreadsheet reads them as numbers, not formulas.
 */
const FORMULA_START = '^[-=+@\t\r]';
const formulaSafe = (value: SQL) =>
  sql`CASE WHEN ${value} ~ ${FORMULA_START} AND ${value} !~ '^[+-]?[0-9]+([.][0-9]+)?$' THEN '''' || ${value} ELSE ${value} END`;

/** A CSV field: always quoted, so separators, quotes and newlines in values are safe; formula-safe. */
const csvText = (value: SQL) => sql`coalesce('"' || replace(${formulaSafe(value)}, '"', '""') || '"', '')`;

/**
 * One line per contact, formatted by PostgreSQL: a CSV row, or the contact in GetContact's JSON
 * shape (kept in step with the v1 serializer by the export tests). Formatting in the database
 * lets an export of a million contacts stream without building an object per row.
 */
function exportLine(format: ExportFormat, tenantId: string): SQL {
  if (format === 'json') {
    return sql`json_build_object('id', contacts.id, 'uuid', contacts.uuid, 'tenantId', ${tenantId}::text, 'providerId', contacts.provider_id, 'providerName', contacts.provider_name,
      'nationalId', contacts.national_id, 'firstName', contacts.first_name, 'lastName', contacts.last_name, 'email', addresses.email, 'phone', addresses.phone,
      'userId', contacts.user_id, 'contactCompanyId', contacts.contact_company_id, 'companyPosition', contacts.company_position, 'metadata', contacts.metadata,
      'createdAt', ${iso(sql`contacts.created_at`)}, 'updatedAt', ${iso(sql`contacts.updated_at`)},
      'archivedAt', ${iso(sql`contacts.archived_at`)}, 'blocked', contacts.blocked_at IS NOT NULL, 'customFields', contacts.custom_fields, 'addresses', addresses.list)::text`;
  }
  const fields = [
    sql`contacts.id::text`,
    csvText(sql`contacts.first_name`),
    csvText(sql`contacts.last_name`),
    csvText(sql`addresses.email`),
    csvText(sql`addresses.phone`),
    csvText(sql`contacts.company_position`),
    sql`coalesce(contacts.contact_company_id::text, '')`,
    sql`coalesce(contacts.user_id::text, '')`,
    csvText(sql`contacts.provider_id`),
    csvText(sql`contacts.provider_name`),
    csvText(sql`contacts.national_id`),
    iso(sql`contacts.created_at`),
    iso(sql`contacts.updated_at`),
    csvText(sql`addresses.list`),
    csvText(sql`contacts.custom_fields::text`),
  ];
  return sql.join(fields, sql` || ',' || `);
}

/**
 * The export query for a list query: the same filters, search and order as the list, one
 * formatted `line` per contact. Compiled to text and parameters for a cursor.
 */
export async function contactExportQuery(
  db: Executor,
  workspaceId: number,
  tenantId: string,
  query: Pick<ListQuery, 'filters' | 'search' | 'sort' | 'sortSource'>,
  resolve: FieldResolver,
  searchCondition: (search: string | undefined) => SQL | undefined,
  format: ExportFormat,
): Promise<{ text: string; params: unknown[] }> {
  const plan = await orderPlan(query.sort, resolve, sql`${contacts.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  const where = and(
    eq(contacts.workspaceId, workspaceId),
    isNull(contacts.archivedAt),
    await filtersCondition(query.filters, resolve),
    searchCondition(query.search),
  );
  const compiled = db
    .select({ line: sql<string>`${exportLine(format, tenantId)}` })
    .from(sql`${contacts} ${addressesLateral(format, tenantId)}`)
    .where(where)
    .orderBy(...plan.orderBy)
    .toSQL();
  return { text: compiled.sql, params: compiled.params };
}
