import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { insertMany } from '../../db/insert-many.js';
import { phoneChannelTypes, type NewAddress } from './contacts.schemas.js';
import { contactAddresses, contacts } from './contacts.table.js';
import type { AddressRow, ContactRow } from './contacts.repository.js';

/**
 * Address locks are taken on buckets of the address space (hash of the normalized address,
 * per workspace): two writes that could resolve the same address to a contact always meet on
 * the same lock, while a transaction never holds more than this many advisory locks however
 * large its batch (PostgreSQL's shared lock table is small: 64 x max_connections by default).
 */
const ADDRESS_LOCK_BUCKETS = 256;

/**
 * Serializes, until the transaction ends, every writer that resolves contacts by these
 * addresses (normalized). Locks are taken in bucket order, so two batches never deadlock.
 */
export async function lockAddresses(db: Executor, workspaceId: number, addresses: string[]): Promise<void> {
  if (addresses.length === 0) return;
  const namespace = `switchboard.contact-address:${workspaceId}`;
  await db.execute(sql`
    SELECT pg_advisory_xact_lock(hashtext(${namespace}), bucket)
    FROM (
      SELECT DISTINCT (hashtext(address) & ${ADDRESS_LOCK_BUCKETS - 1}) AS bucket
      FROM unnest(${toTextArray(addresses)}::text[]) AS address
      ORDER BY bucket
    ) AS buckets`);
}

/** The contacts holding any of the addresses: phones on any phone-like channel, emails as EMAIL. */
export async function findAddressOwners(
  db: Executor,
  workspaceId: number,
  addresses: { phones: string[]; emails: string[] },
): Promise<{ contactId: number; address: string }[]> {
  if (addresses.phones.length === 0 && addresses.emails.length === 0) return [];
  return db
    .selectDistinct({ contactId: contactAddresses.contactId, address: contactAddresses.address })
    .from(contactAddresses)
    .where(
      and(
        eq(contactAddresses.workspaceId, workspaceId),
        or(
          addresses.phones.length > 0
            ? and(
                sql`${contactAddresses.address} = ANY(${toTextArray(addresses.phones)}::text[])`,
                inArray(contactAddresses.channelType, [...phoneChannelTypes]),
              )
            : undefined,
          addresses.emails.length > 0
            ? and(
                sql`${contactAddresses.address} = ANY(${toTextArray(addresses.emails)}::text[])`,
                eq(contactAddresses.channelType, 'EMAIL'),
              )
            : undefined,
        ),
      ),
    )
    .orderBy(asc(contactAddresses.contactId));
}

/** The contact rows among `ids`, optionally locked for update in id order (so concurrent batches cannot deadlock). */
export async function findContactRowsByIds(db: Executor, workspaceId: number, ids: number[], lock = false): Promise<ContactRow[]> {
  if (ids.length === 0) return [];
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.id} = ANY(${`{${ids.join(',')}}`}::bigint[])`))
    .orderBy(asc(contacts.id));
  return lock ? query.for('update') : query;
}

export type NewContactRow = Pick<
  typeof contacts.$inferInsert,
  'uuid' | 'firstName' | 'lastName' | 'nationalId' | 'companyPosition' | 'userId' | 'customFields' | 'searchText'
>;

/** Inserts the contacts in one statement; each row carries its own uuid to be told apart in the result. */
export async function insertContactRows(db: Executor, workspaceId: number, rows: NewContactRow[]): Promise<ContactRow[]> {
  return insertMany(
    db,
    contacts,
    rows.map((row) => ({ ...row, workspaceId })),
  );
}

export type ContactRowChanges = Pick<
  ContactRow,
  'id' | 'firstName' | 'lastName' | 'nationalId' | 'companyPosition' | 'userId' | 'customFields' | 'searchText'
>;

/** Writes the given values to each contact in one statement, bumping version and updatedAt. */
export async function updateContactRows(db: Executor, workspaceId: number, rows: ContactRowChanges[]): Promise<ContactRow[]> {
  if (rows.length === 0) return [];
  const values = sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
    "id" bigint, "firstName" text, "lastName" text, "nationalId" text, "companyPosition" text, "userId" bigint, "customFields" jsonb, "searchText" text)`;
  return db
    .update(contacts)
    .set({
      firstName: sql`v."firstName"`,
      lastName: sql`v."lastName"`,
      nationalId: sql`v."nationalId"`,
      companyPosition: sql`v."companyPosition"`,
      userId: sql`v."userId"`,
      customFields: sql`v."customFields"`,
      searchText: sql`v."searchText"`,
      version: sql`${contacts.version} + 1`,
      updatedAt: sql`now()`,
    })
    .from(values)
    .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.id} = v."id"`))
    .returning();
}

export async function insertAddressRows(
  db: Executor,
  workspaceId: number,
  rows: (NewAddress & { contactId: number })[],
): Promise<AddressRow[]> {
  return insertMany(
    db,
    contactAddresses,
    rows.map((row) => ({ workspaceId, contactId: row.contactId, channelType: row.channelType, address: row.address })),
  );
}

/** A JS string array as one PostgreSQL text[] literal parameter. */
function toTextArray(values: string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, (character) => `\\${character}`)}"`).join(',')}}`;
}
