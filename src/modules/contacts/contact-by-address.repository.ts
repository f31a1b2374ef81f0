import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contactAddresses, contacts } from './contacts.table.js';

export interface AddressOwner {
  id: number;
  uuid: string;
  firstName: string | null;
  lastName: string | null;
}

/** The oldest contact holding `address` on the first of `channelTypes` that has one. */
export async function findContactByAddress(
  db: Executor,
  workspaceId: number,
  channelTypes: string[],
  address: string,
): Promise<AddressOwner | undefined> {
  const preference = sql.join(
    channelTypes.map((type, index) => sql`WHEN ${type} THEN ${index}`),
    sql` `,
  );
  const [row] = await db
    .select({ id: contacts.id, uuid: contacts.uuid, firstName: contacts.firstName, lastName: contacts.lastName })
    .from(contactAddresses)
    .innerJoin(contacts, and(eq(contacts.workspaceId, contactAddresses.workspaceId), eq(contacts.id, contactAddresses.contactId)))
    .where(
      and(
        eq(contactAddresses.workspaceId, workspaceId),
        eq(contactAddresses.address, address),
        inArray(contactAddresses.channelType, channelTypes),
      ),
    )
    .orderBy(sql`CASE ${contactAddresses.channelType} ${preference} END`, asc(contacts.id))
    .limit(1);
  return row;
}

/** The address a contact is reached at on the first of `channelTypes` it has. */
export async function findAddressOf(
  db: Executor,
  workspaceId: number,
  contactId: number,
  channelTypes: string[],
): Promise<string | undefined> {
  const preference = sql.join(
    channelTypes.map((type, index) => sql`WHEN ${type} THEN ${index}`),
    sql` `,
  );
  const [row] = await db
    .select({ address: contactAddresses.address })
    .from(contactAddresses)
    .where(
      and(
        eq(contactAddresses.workspaceId, workspaceId),
        eq(contactAddresses.contactId, contactId),
        inArray(contactAddresses.channelType, channelTypes),
      ),
    )
    .orderBy(sql`CASE ${contactAddresses.channelType} ${preference} END`, asc(contactAddresses.id))
    .limit(1);
  return row?.address;
}
