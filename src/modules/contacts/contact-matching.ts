import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { applyCustomFieldPatch } from '../custom-fields/custom-field-batch.js';
import { recordEvents } from '../events/events-batch.js';
import { normalizeAddress } from './addresses.js';
import * as matching from './contact-matching.repository.js';
import { findAddresses, type AddressRow, type ContactRow } from './contacts.repository.js';
import { phoneChannelTypes, type Contact, type NewAddress } from './contacts.schemas.js';
import { searchText, toContact } from './contacts.service.js';

/**
 * Contacts resolved by their addresses, for writes that name a person by phone or email
 * rather than by id (funnel conversations, imports). Everything here runs in the caller's
 * transaction and works on whole batches: a handful of statements however many contacts.
 */

/** What a write says about a contact. Values are already validated and normalized. */
export interface ContactDetails {
  firstName?: string;
  lastName?: string;
  nationalId?: string;
  companyPosition?: string;
  userId?: number;
  /** Custom field values in stored form; null removes a value. */
  customFields: Record<string, unknown>;
  /** E.164 phone numbers. */
  phones: string[];
  /** Lower-cased emails. */
  emails: string[];
}

export interface ContactAddressesInput {
  phones?: string[];
  emails?: string[];
}

/**
 * The phones and emails in stored form (as the contacts API stores them), without repeats.
 * An unusable one is a VALIDATION_FAILED naming `<prefix>.phones[i]` or `<prefix>.emails[i]`.
 */
export function normalizeContactAddresses(
  input: ContactAddressesInput,
  prefix: string,
  defaultCountry?: string,
): { phones: string[]; emails: string[] } {
  const phones = (input.phones ?? []).map(
    (phone, index) => normalizeAddress(`${prefix}.phones[${index}]`, { channelType: 'PHONE', address: phone }, defaultCountry).address,
  );
  const emails = (input.emails ?? []).map(
    (email, index) => normalizeAddress(`${prefix}.emails[${index}]`, { channelType: 'EMAIL', address: email }, defaultCountry).address,
  );
  return { phones: [...new Set(phones)], emails: [...new Set(emails)] };
}

/**
 * Serializes writers on these addresses until the transaction ends: call it before
 * findContactIdsByAddress, so two concurrent writes cannot both miss a contact and both
 * create it.
 */
export async function lockContactAddresses(
  db: Executor,
  workspaceId: number,
  addresses: { phones: string[]; emails: string[] },
): Promise<void> {
  await matching.lockAddresses(db, workspaceId, [...addresses.phones, ...addresses.emails]);
}

/** For each address, the ids of the contacts that hold it (ascending). */
export async function findContactIdsByAddress(
  db: Executor,
  workspaceId: number,
  addresses: { phones: string[]; emails: string[] },
): Promise<Map<string, number[]>> {
  const owners = await matching.findAddressOwners(db, workspaceId, addresses);
  const byAddress = new Map<string, number[]>();
  for (const { contactId, address } of owners) {
    const ids = byAddress.get(address) ?? [];
    if (!ids.includes(contactId)) ids.push(contactId);
    byAddress.set(address, ids);
  }
  return byAddress;
}

export interface LockedContact {
  row: ContactRow;
  addresses: AddressRow[];
}

/** The contacts among `ids`, locked for update (in id order) with their addresses. Missing ids are absent from the map. */
export async function lockContacts(db: Executor, workspaceId: number, ids: number[]): Promise<Map<number, LockedContact>> {
  const rows = await matching.findContactRowsByIds(db, workspaceId, [...new Set(ids)], true);
  const addresses = await findAddresses(
    db,
    workspaceId,
    rows.map((row) => row.id),
  );
  return new Map(rows.map((row) => [row.id, { row, addresses: addresses.filter((address) => address.contactId === row.id) }]));
}

/** The contacts among `ids` with their addresses, by id. */
export async function loadContacts(db: Executor, tenant: Tenant, ids: number[]): Promise<Map<number, Contact>> {
  const rows = await matching.findContactRowsByIds(db, tenant.workspaceId, [...new Set(ids)]);
  const addresses = await findAddresses(
    db,
    tenant.workspaceId,
    rows.map((row) => row.id),
  );
  return new Map(rows.map((row) => [row.id, toContact(tenant, row, addresses)]));
}

/**
 * Creates one contact per entry, applying the entry's details in order (phones become PHONE
 * and emails EMAIL addresses), and records their events. Returns them in order.
 */
export async function createContacts(db: Executor, tenant: Tenant, entries: ContactDetails[][]): Promise<Contact[]> {
  if (entries.length === 0) return [];
  const { workspaceId } = tenant;
  const prepared = entries.map((details) => {
    const state = applyDetails({ scalars: applyScalars({}, {}), customFields: {}, addresses: [] }, details);
    return {
      state,
      row: {
        uuid: randomUUID(),
        ...state.scalars,
        customFields: state.customFields,
        searchText: searchText(state.scalars, state.addresses),
      },
    };
  });
  const rows = await matching.insertContactRows(
    db,
    workspaceId,
    prepared.map((entry) => entry.row),
  );
  const rowByUuid = new Map(rows.map((row) => [row.uuid, row]));
  const ordered = prepared.map((entry) => rowByUuid.get(entry.row.uuid)!);
  const addresses = await matching.insertAddressRows(
    db,
    workspaceId,
    prepared.flatMap((entry, index) => entry.state.addresses.map((address) => ({ ...address, contactId: ordered[index]!.id }))),
  );
  const addressesOf = groupBy(addresses, (address) => address.contactId);
  const contacts = ordered.map((row) => toContact(tenant, row, addressesOf.get(row.id) ?? []));
  await recordEvents(db, tenant, 'contact.created', contacts);
  return contacts;
}

/**
 * Applies each update's details, in order, to its (locked) contact: fields given replace the
 * contact's, custom field values merge, and phones and emails it does not have yet are added.
 * Contacts left unchanged are not written. Records an event per changed contact; returns
 * every contact in the order given.
 */
export async function updateContacts(
  db: Executor,
  tenant: Tenant,
  updates: { current: LockedContact; details: ContactDetails[] }[],
): Promise<Contact[]> {
  if (updates.length === 0) return [];
  const { workspaceId } = tenant;
  const changed: matching.ContactRowChanges[] = [];
  const newAddresses: (NewAddress & { contactId: number })[] = [];
  for (const { current, details } of updates) {
    const { row } = current;
    const before = { scalars: pickScalars(row), customFields: row.customFields, addresses: current.addresses.map(asNewAddress) };
    const after = applyDetails(before, details);
    const same =
      after.addresses.length === before.addresses.length &&
      JSON.stringify(after.scalars) === JSON.stringify(before.scalars) &&
      JSON.stringify(after.customFields) === JSON.stringify(before.customFields);
    if (same) continue;
    changed.push({
      id: row.id,
      ...after.scalars,
      customFields: after.customFields,
      searchText: searchText(after.scalars, after.addresses),
    });
    newAddresses.push(...after.addresses.slice(before.addresses.length).map((address) => ({ ...address, contactId: row.id })));
  }
  const added = groupBy(await matching.insertAddressRows(db, workspaceId, newAddresses), (address) => address.contactId);
  const updatedRows = new Map((await matching.updateContactRows(db, workspaceId, changed)).map((row) => [row.id, row]));
  const contacts = updates.map(({ current }) =>
    toContact(tenant, updatedRows.get(current.row.id) ?? current.row, [...current.addresses, ...(added.get(current.row.id) ?? [])]),
  );
  await recordEvents(
    db,
    tenant,
    'contact.updated',
    contacts.filter((contact) => updatedRows.has(contact.id)),
  );
  return contacts;
}

interface ContactState {
  scalars: Scalars;
  customFields: Record<string, unknown>;
  addresses: NewAddress[];
}

/** The contact after each entry of `details` in turn; new addresses are appended. */
function applyDetails(start: ContactState, details: ContactDetails[]): ContactState {
  return details.reduce<ContactState>(
    (state, entry) => ({
      scalars: applyScalars(state.scalars, entry),
      customFields: applyCustomFieldPatch(state.customFields, entry.customFields),
      addresses: [...state.addresses, ...addressesToAdd(state.addresses, entry)],
    }),
    start,
  );
}

function asNewAddress({ channelType, address }: AddressRow): NewAddress {
  return { channelType: channelType as NewAddress['channelType'], address };
}

type Scalars = Pick<ContactRow, 'firstName' | 'lastName' | 'nationalId' | 'companyPosition' | 'userId'>;
const scalarKeys = ['firstName', 'lastName', 'nationalId', 'companyPosition', 'userId'] as const;

function pickScalars(row: Scalars): Scalars {
  return {
    firstName: row.firstName,
    lastName: row.lastName,
    nationalId: row.nationalId,
    companyPosition: row.companyPosition,
    userId: row.userId,
  };
}

/** Fields given replace the contact's; absent ones leave it as it is. */
function applyScalars(current: Partial<Scalars>, details: Partial<ContactDetails>): Scalars {
  const result: Scalars = { firstName: null, lastName: null, nationalId: null, companyPosition: null, userId: null, ...current };
  for (const key of scalarKeys) {
    const value = details[key];
    if (value !== undefined) (result as Record<string, unknown>)[key] = value;
  }
  return result;
}

/** The phones (as PHONE) and emails the contact does not have yet; a phone on any phone-like channel counts as had. */
function addressesToAdd(current: NewAddress[], details: ContactDetails): NewAddress[] {
  const phones = new Set(current.filter((address) => phoneChannelTypes.has(address.channelType)).map((address) => address.address));
  const emails = new Set(current.filter((address) => address.channelType === 'EMAIL').map((address) => address.address));
  return [
    ...details.phones.filter((phone) => !phones.has(phone)).map((address) => ({ channelType: 'PHONE' as const, address })),
    ...details.emails.filter((email) => !emails.has(email)).map((address) => ({ channelType: 'EMAIL' as const, address })),
  ];
}

function groupBy<T, K>(values: T[], keyOf: (value: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const value of values) {
    const group = groups.get(keyOf(value));
    if (group) group.push(value);
    else groups.set(keyOf(value), [value]);
  }
  return groups;
}
