import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  customFieldSpec,
  filterOnlyField,
  filtersCondition,
  orderPlan,
  selectPage,
  sortableField,
  textField,
  type FieldResolver,
  type FieldSpec,
  type PageRows,
} from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { NewAddress } from './contacts.schemas.js';
import { contactAddresses, contacts } from './contacts.table.js';
import { containsPattern } from '../../db/like.js';
import { preparedQuery } from '../../db/prepared.js';

export type ContactRow = typeof contacts.$inferSelect;
export type AddressRow = typeof contactAddresses.$inferSelect;
export type ContactValues = Omit<typeof contacts.$inferInsert, 'workspaceId' | 'id'>;

export async function insertContact(db: Executor, workspaceId: number, values: ContactValues): Promise<ContactRow> {
  const [row] = await db
    .insert(contacts)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function updateContactRow(db: Executor, workspaceId: number, id: number, values: Partial<ContactValues>): Promise<ContactRow> {
  const [row] = await db
    .update(contacts)
    .set({ ...values, version: sql`${contacts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return row!;
}

/** The contact row, locked for update when `lock` is set (writes read-modify-write it). */
export async function findContactRow(db: Executor, workspaceId: number, id: number, lock = false): Promise<ContactRow | undefined> {
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/**
 * Prepared once per database handle: planning this query costs PostgreSQL more than running
 * it, and it is the hot path of GET /contacts/{id}.
 */
const contactWithAddressesQuery = preparedQuery((db) =>
  db
    .select({
      row: contacts,
      // Columns in a select list render unqualified, so the correlation is spelled out.
      addresses: sql<AddressJson[]>`coalesce((
        SELECT json_agg(json_build_array(a.id, a.channel_type, a.address, a.created_at, a.updated_at) ORDER BY a.id)
        FROM ${contactAddresses} a WHERE a.workspace_id = "contacts"."workspace_id" AND a.contact_id = "contacts"."id"
      ), '[]'::json)`,
    })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, sql.placeholder('workspaceId')), eq(contacts.id, sql.placeholder('id'))))
    .prepare('find_contact_with_addresses'),
);

/** The contact and its addresses in one round trip. */
export async function findContactWithAddresses(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<{ row: ContactRow; addresses: AddressRow[] } | undefined> {
  const [found] = await contactWithAddressesQuery(db).execute({ workspaceId, id });
  if (!found) return undefined;
  const addresses = found.addresses.map(([addressId, channelType, address, createdAt, updatedAt]) => ({
    workspaceId,
    id: addressId,
    contactId: id,
    channelType,
    address,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
  }));
  return { row: found.row, addresses };
}

type AddressJson = [number, string, string, string, string];

export async function deleteContactRow(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
}

export async function findAddresses(db: Executor, workspaceId: number, contactIds: number[]): Promise<AddressRow[]> {
  if (contactIds.length === 0) return [];
  return db
    .select()
    .from(contactAddresses)
    .where(and(eq(contactAddresses.workspaceId, workspaceId), inArray(contactAddresses.contactId, contactIds)))
    .orderBy(asc(contactAddresses.id));
}

/** Makes the contact's addresses exactly `wanted`, keeping the rows (and ids) of unchanged ones. */
export async function replaceAddresses(
  db: Executor,
  workspaceId: number,
  contactId: number,
  current: AddressRow[],
  wanted: NewAddress[],
): Promise<void> {
  const key = (address: { channelType: string; address: string }) => `${address.channelType}\u0000${address.address}`;
  const wantedKeys = new Set(wanted.map(key));
  const currentKeys = new Set(current.map(key));
  const removed = current.filter((address) => !wantedKeys.has(key(address))).map((address) => address.id);
  const added = wanted.filter((address) => !currentKeys.has(key(address)));
  if (removed.length > 0) {
    await db.delete(contactAddresses).where(and(eq(contactAddresses.workspaceId, workspaceId), inArray(contactAddresses.id, removed)));
  }
  if (added.length > 0) {
    await db.insert(contactAddresses).values(added.map((address) => ({ ...address, workspaceId, contactId })));
  }
}

const addressMatch = (condition: SQL) =>
  sql`EXISTS (SELECT 1 FROM ${contactAddresses} WHERE ${contactAddresses.workspaceId} = ${contacts.workspaceId} AND ${contactAddresses.contactId} = ${contacts.id} AND ${condition})`;

/** The contact fields lists and search can filter and sort on. */
export const contactFields: Record<string, FieldSpec> = {
  id: sortableField(contacts.id, 'number'),
  firstName: textField(contacts.firstName),
  lastName: textField(contacts.lastName),
  providerId: textField(contacts.providerId),
  providerName: textField(contacts.providerName),
  nationalId: textField(contacts.nationalId),
  companyPosition: textField(contacts.companyPosition),
  userId: filterOnlyField(contacts.userId, 'number'),
  contactCompanyId: filterOnlyField(contacts.contactCompanyId, 'number'),
  createdAt: sortableField(contacts.createdAt, 'date'),
  updatedAt: sortableField(contacts.updatedAt, 'date'),
  archivedAt: filterOnlyField(contacts.archivedAt, 'date'),
};

/** Address fields: a contact matches when any of its addresses does. */
export function addressField(
  field: 'email' | 'phone' | 'addresses.address' | 'addresses.channelType',
  normalize: (value: string) => string,
): FieldSpec {
  const kind =
    field === 'email'
      ? sql` AND ${contactAddresses.channelType} = 'EMAIL'`
      : field === 'phone'
        ? sql` AND ${contactAddresses.channelType} IN ('PHONE', 'WHATSAPP', 'SMS')`
        : sql``;
  const column = field === 'addresses.channelType' ? contactAddresses.channelType : contactAddresses.address;
  return {
    expression: sql`${column}`,
    type: 'text',
    some: (condition: SQL) => addressMatch(sql`${condition}${kind}`),
    normalize: field === 'addresses.channelType' ? (value: string) => value.toUpperCase() : normalize,
  };
}

/** Words of a free-text search, each of which must appear in the contact's names or addresses. */
/** With a free-text search, totalCount is exact up to this many matches (a value this size means "at least"). */
export const SEARCH_COUNT_LIMIT = 10_000;

export function searchCondition(search: string | undefined): SQL | undefined {
  const words = search?.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8) ?? [];
  if (words.length === 0) return undefined;
  return and(...words.map((word) => sql`${contacts.searchText} LIKE ${containsPattern(word)}`));
}

export async function findContactRows(
  db: Executor,
  workspaceId: number,
  query: ListQuery,
  resolve: FieldResolver,
): Promise<PageRows<ContactRow>> {
  const plan = await orderPlan(query.sort, resolve, sql`${contacts.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  return selectPage(db, contacts, {
    conditions: [
      eq(contacts.workspaceId, workspaceId),
      query.includeArchived ? undefined : isNull(contacts.archivedAt),
      await filtersCondition(query.filters, resolve),
      searchCondition(query.search),
    ],
    plan,
    query,
    workspaceId,
    countLimit: query.search ? SEARCH_COUNT_LIMIT : undefined,
  });
}

export function contactCustomField(key: string, fieldType: string): FieldSpec {
  return customFieldSpec(contacts.customFields, key, fieldType);
}
