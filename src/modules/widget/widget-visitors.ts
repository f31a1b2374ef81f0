import type { Executor } from '../../db/client.js';
import { actorOf } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import type { WidgetSettings } from '../channels/adapters/widget.js';
import { findContactByAddress } from '../contacts/contact-by-address.repository.js';
import { lockAddresses } from '../contacts/contact-matching.repository.js';
import type { NewAddress } from '../contacts/contacts.schemas.js';
import { insertContactWithAddresses } from '../contacts/contacts.service.js';

/** A live widget channel found by its website token, with its workspace (acting as the system). */
export interface WidgetChannel {
  row: ChannelRow;
  tenant: Tenant;
  settings: WidgetSettings;
}

/** An authenticated widget visitor: their channel and contact; what they change is the contact's doing. */
export interface Visitor {
  channel: WidgetChannel;
  visitorId: string;
  contactId: number;
  contactUuid: string;
  /** Their workspace, acting as their contact. */
  tenant: Tenant;
}

export function visitorOf(channel: WidgetChannel, visitorId: string, contact: { id: number; uuid: string }): Visitor {
  return {
    channel,
    visitorId,
    contactId: contact.id,
    contactUuid: contact.uuid,
    tenant: { ...channel.tenant, actor: actorOf('contact', contact.uuid) },
  };
}

/** The contact whose WEBCHAT address is the visitor id. */
export async function findVisitorContact(db: Executor, channel: WidgetChannel, visitorId: string) {
  return findContactByAddress(db, channel.tenant.workspaceId, ['WEBCHAT'], visitorId);
}

/**
 * The contact reached at the visitor id, or a new one with it as a WEBCHAT address (plus the
 * pre-chat name and email). Runs in the caller's transaction, through the contacts write path.
 */
export async function findOrCreateVisitorContact(
  tx: Executor,
  channel: WidgetChannel,
  visitorId: string,
  details: { name?: string; email?: string },
): Promise<{ id: number; uuid: string; firstName: string | null; lastName: string | null }> {
  const { tenant } = channel;
  await lockAddresses(tx, tenant.workspaceId, [visitorId]);
  const existing = await findContactByAddress(tx, tenant.workspaceId, ['WEBCHAT'], visitorId);
  if (existing) return existing;
  const words = details.name?.trim().split(/\s+/).filter(Boolean) ?? [];
  const firstName = words[0] ?? null;
  const lastName = words.slice(1).join(' ') || null;
  const addresses: NewAddress[] = [{ channelType: 'WEBCHAT', address: visitorId }];
  if (details.email) addresses.push({ channelType: 'EMAIL', address: details.email });
  const created = await insertContactWithAddresses(tx, tenant, { firstName, lastName }, addresses);
  return { id: created.id, uuid: created.uuid, firstName, lastName };
}
