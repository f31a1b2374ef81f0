import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { voiceAdapter } from '../channels/adapters/voice.js';
import { findContactByAddress } from '../contacts/contact-by-address.repository.js';
import { lockAddresses } from '../contacts/contact-matching.repository.js';
import { findAddresses, insertContact, replaceAddresses } from '../contacts/contacts.repository.js';
import { toContact } from '../contacts/contacts.service.js';
import { recordEvent } from '../events/events.js';

export interface CallContactInfo {
  firstName?: string;
  lastName?: string;
  company?: string;
  additionalInfo?: Record<string, string>;
}

/**
 * The contact reached at this E.164 number (as a phone, then as a WhatsApp number), or a new one
 * with it as a PHONE address and the names given. Runs in the caller's transaction.
 */
export async function findOrCreatePhoneContact(tx: Executor, tenant: Tenant, phoneNumber: string, info?: CallContactInfo): Promise<number> {
  await lockAddresses(tx, tenant.workspaceId, [phoneNumber]);
  const existing = await findContactByAddress(tx, tenant.workspaceId, [...voiceAdapter.matchAddressTypes], phoneNumber);
  if (existing) return existing.id;
  const firstName = info?.firstName?.slice(0, 200) ?? null;
  const lastName = info?.lastName?.slice(0, 200) ?? null;
  const row = await insertContact(tx, tenant.workspaceId, {
    firstName,
    lastName,
    searchText: [firstName, lastName, info?.company, phoneNumber].filter(Boolean).join(' ').toLowerCase(),
  });
  await replaceAddresses(tx, tenant.workspaceId, row.id, [], [{ channelType: 'PHONE', address: phoneNumber }]);
  const addresses = await findAddresses(tx, tenant.workspaceId, [row.id]);
  await recordEvent(tx, tenant, 'contact.created', toContact(tenant, row, addresses));
  return row.id;
}
