import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import { findContactByAddress, type AddressOwner } from './contact-by-address.repository.js';
import { lockAddresses } from './contact-matching.repository.js';
import { toContact } from './contacts.service.js';
import { findAddresses, insertContact, replaceAddresses } from './contacts.repository.js';

/** A WhatsApp sender is matched on their WhatsApp address first, then on the same number as a phone. */
export const WHATSAPP_MATCH_ORDER = ['WHATSAPP', 'PHONE'];

/**
 * The contact reached at this WhatsApp number (E.164), or a new one with it as its WHATSAPP
 * address, named after the profile name when WhatsApp gives one. Runs in the caller's
 * transaction and records `contact.created` for a new contact.
 */
export async function findOrCreateWhatsAppContact(
  tx: Executor,
  tenant: Tenant,
  phoneNumber: string,
  profileName?: string | null,
): Promise<AddressOwner & { created: boolean }> {
  // The same lock as every other writer that resolves contacts by address (imports, bulk conversations).
  await lockAddresses(tx, tenant.workspaceId, [phoneNumber]);
  const existing = await findContactByAddress(tx, tenant.workspaceId, WHATSAPP_MATCH_ORDER, phoneNumber);
  if (existing) return { ...existing, created: false };
  const { firstName, lastName } = splitName(profileName);
  const row = await insertContact(tx, tenant.workspaceId, {
    firstName,
    lastName,
    searchText: [firstName, lastName, phoneNumber].filter(Boolean).join(' ').toLowerCase(),
  });
  await replaceAddresses(tx, tenant.workspaceId, row.id, [], [{ channelType: 'WHATSAPP', address: phoneNumber }]);
  const addresses = await findAddresses(tx, tenant.workspaceId, [row.id]);
  await recordEvent(tx, tenant, 'contact.created', toContact(tenant, row, addresses));
  return { id: row.id, uuid: row.uuid, firstName, lastName, created: true };
}

/** "Jane van Doe" → Jane / van Doe; a single word is a first name. */
function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return { firstName: null, lastName: null };
  return { firstName: words[0]!.slice(0, 200), lastName: words.slice(1).join(' ').slice(0, 200) || null };
}
