import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { findContactByAddress, type AddressOwner } from './contact-by-address.repository.js';
import { lockAddresses } from './contact-matching.repository.js';
import type { ChannelType as AddressType } from './contacts.schemas.js';
import { insertContactWithAddresses } from './contacts.service.js';

/**
 * The contact reached at `address` on the first of `matchTypes` that has it, or a new one with
 * it as its `addressType` address (E.164 for phone-like types), named after `name` when the
 * provider gives one. Runs in the caller's transaction, through the contacts write path.
 */
export async function findOrCreateContactByAddress(
  tx: Executor,
  tenant: Tenant,
  contact: { address: string; addressType: AddressType; matchTypes: readonly AddressType[]; name?: string | null },
): Promise<AddressOwner & { created: boolean }> {
  // The same lock as every other writer that resolves contacts by address (imports, bulk conversations).
  await lockAddresses(tx, tenant.workspaceId, [contact.address]);
  const matchTypes = contact.matchTypes.length > 0 ? [...contact.matchTypes] : [contact.addressType];
  const existing = await findContactByAddress(tx, tenant.workspaceId, matchTypes, contact.address);
  if (existing) return { ...existing, created: false };
  const { firstName, lastName } = splitName(contact.name);
  const created = await insertContactWithAddresses(tx, tenant, { firstName, lastName }, [
    { channelType: contact.addressType, address: contact.address },
  ]);
  return { id: created.id, uuid: created.uuid, firstName, lastName, created: true };
}

/** "Jane van Doe" → Jane / van Doe; a single word is a first name. */
export function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return { firstName: null, lastName: null };
  return { firstName: words[0]!.slice(0, 200), lastName: words.slice(1).join(' ').slice(0, 200) || null };
}
