import type { Executor } from '../../db/client.js';
import { actorOf, type Actor } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import { channelAdapter } from '../channels/adapters/registry.js';
import { createChatRow, loadChats } from '../chats/chat-writes.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { lockAddresses } from '../contacts/contact-matching.repository.js';
import { insertContactWithAddresses } from '../contacts/contacts.service.js';
import { splitName } from '../contacts/contact-by-address.js';
import { insertEventList } from '../events/events-batch.repository.js';
import type { InboundMessage, WebhookChannel } from './inbound.service.js';
import {
  existingProviderIds,
  findContactsByAddresses,
  findOpenChatRows,
  recordChatsInboundMessages,
  type ChatInboundMessages,
} from './inbound-batch.repository.js';
import { toMessage } from './message-writes.js';
import { messages } from './messages.table.js';
import type { MessageRow } from './messages.repository.js';
import { participant } from './outbound-plan.js';

/** One contact's message as a channel received it. */
export interface ReceivedMessage {
  channel: WebhookChannel;
  message: InboundMessage;
}

/**
 * receiveMessage for many messages at once, in the caller's transaction, with a handful of
 * statements per workspace however many messages there are: provider ids already stored are
 * skipped, contacts are read for the whole batch (address locks are taken, sorted as every
 * writer takes them, only for senders without one, who are then looked up again and created),
 * chats are read (locked) and the missing ones created, messages are inserted in one statement
 * in the order given (so a sender's messages keep their order), the chats are updated in one
 * statement and their views read in another, and `message.created` (one per message, by its
 * contact) and `chat.updated` (one per chat) are recorded and announced in one statement.
 */
export async function receiveMessages(tx: Executor, items: ReceivedMessage[]): Promise<{ stored: number; duplicates: number }> {
  const byWorkspace = new Map<number, ReceivedMessage[]>();
  for (const item of items) {
    const list = byWorkspace.get(item.channel.tenant.workspaceId) ?? [];
    list.push(item);
    byWorkspace.set(item.channel.tenant.workspaceId, list);
  }
  let stored = 0;
  // Workspaces in id order, buckets sorted within each: every batch takes locks in one global order.
  for (const workspaceId of [...byWorkspace.keys()].sort((a, b) => a - b)) {
    stored += await receiveInWorkspace(tx, byWorkspace.get(workspaceId)!);
  }
  return { stored, duplicates: items.length - stored };
}

async function receiveInWorkspace(tx: Executor, items: ReceivedMessage[]): Promise<number> {
  const tenant = items[0]!.channel.tenant;
  const workspaceId = tenant.workspaceId;
  const known = await existingProviderIds(
    tx,
    workspaceId,
    items.map((item) => item.message.providerId),
  );
  const fresh: ReceivedMessage[] = [];
  for (const item of items) {
    if (known.has(item.message.providerId)) continue;
    known.add(item.message.providerId);
    fresh.push(item);
  }
  if (fresh.length === 0) return 0;

  const contactOf = await resolveContacts(tx, tenant, fresh);
  const chatOf = await resolveChats(tx, tenant, fresh, contactOf);

  const values = fresh.map(({ channel, message }) => ({
    workspaceId,
    chatId: chatOf.get(chatKey(channel, contactOf.get(addressKey(channel, message.from))!.id))!.id,
    direction: 'inbound' as const,
    role: 'user' as const,
    type: message.type,
    content: message.content,
    status: 'received' as const,
    providerId: message.providerId,
    sender: participant('user', message.from, message.fromProviderId, message.profileName),
    recipient: participant('assistant', channel.row.address, channel.row.routingKey, channel.row.name),
    attachments: message.attachments,
    metadata: message.metadata,
  }));
  const inserted = await tx
    .insert(messages)
    .values(values)
    .onConflictDoNothing({ target: [messages.workspaceId, messages.providerId] })
    .returning();
  const rowByProviderId = new Map(inserted.map((row) => [row.providerId!, row]));

  const created: { type: string; actor: Actor; data: unknown }[] = [];
  const perChat = new Map<number, { actor: Actor; rows: MessageRow[] }>();
  for (const { channel, message } of fresh) {
    const row = rowByProviderId.get(message.providerId);
    if (!row) continue; // stored meanwhile by a writer that did not wait for our locks
    const contact = contactOf.get(addressKey(channel, message.from))!;
    const chat = chatOf.get(chatKey(channel, contact.id))!;
    const actor = actorOf('contact', contact.uuid);
    const view = { message: row, chatUuid: chat.uuid, contactId: chat.ownerContactId, channelType: channel.row.type };
    created.push({ type: 'message.created', actor, data: JSON.parse(JSON.stringify(toMessage({ ...tenant, actor }, view))) });
    const entry = perChat.get(chat.id) ?? { actor, rows: [] };
    entry.rows.push(row);
    perChat.set(chat.id, entry);
  }
  const chatIds = [...perChat.keys()].sort((a, b) => a - b);
  const added: ChatInboundMessages[] = chatIds.map((chatId) => {
    const rows = perChat.get(chatId)!.rows.sort((a, b) => a.id - b.id);
    const last = rows[rows.length - 1]!;
    return {
      chatId,
      lastId: last.id,
      penultimateId: rows.length > 1 ? rows[rows.length - 2]!.id : null,
      lastCreatedAt: last.createdAt,
      count: rows.length,
    };
  });
  await recordChatsInboundMessages(tx, workspaceId, added);
  const views = await loadChats(tx, tenant, chatIds);
  const updated = chatIds.map((chatId) => ({
    type: 'chat.updated',
    actor: perChat.get(chatId)!.actor,
    data: JSON.parse(JSON.stringify(views.get(chatId))) as unknown,
  }));
  await insertEventList(tx, workspaceId, [...created, ...updated]);
  return inserted.length;
}

/** Contacts by (channel type, address): found by the adapter's address types, or created (one per address). */
async function resolveContacts(tx: Executor, tenant: Tenant, items: ReceivedMessage[]): Promise<Map<string, { id: number; uuid: string }>> {
  const found = new Map<string, { id: number; uuid: string }>();
  const byType = new Map<string, ReceivedMessage[]>();
  for (const item of items) byType.set(item.channel.row.type, [...(byType.get(item.channel.row.type) ?? []), item]);
  for (const [type, list] of byType) {
    const adapter = channelAdapter(type);
    const addressType = adapter.addressType ?? 'OTHER';
    const matchTypes = adapter.matchAddressTypes.length > 0 ? adapter.matchAddressTypes : [addressType];
    const addresses = [...new Set(list.map((item) => item.message.from))].sort();
    const owners = await findContactsByAddresses(tx, tenant.workspaceId, matchTypes, addresses);
    // Known senders need no lock to be found; new ones are looked up again under their address
    // locks, so that concurrent writers create one contact per address.
    const missing = addresses.filter((address) => !owners.has(address));
    if (missing.length > 0) {
      await lockAddresses(tx, tenant.workspaceId, missing);
      for (const [address, owner] of await findContactsByAddresses(tx, tenant.workspaceId, matchTypes, missing)) owners.set(address, owner);
    }
    for (const address of addresses) {
      let owner = owners.get(address);
      if (!owner) {
        const first = list.find((item) => item.message.from === address)!;
        const created = await insertContactWithAddresses(tx, tenant, splitName(first.message.profileName), [
          { channelType: addressType, address },
        ]);
        owner = { id: created.id, uuid: created.uuid };
      }
      found.set(`${type}:${address}`, owner);
    }
  }
  return found;
}

/** Chats by (channel, contact): each contact's current chat on the channel, or a new one. */
async function resolveChats(
  tx: Executor,
  tenant: Tenant,
  items: ReceivedMessage[],
  contactOf: Map<string, { id: number; uuid: string }>,
): Promise<Map<string, ChatRow>> {
  const chats = new Map<string, ChatRow>();
  const byChannel = new Map<number, { channel: WebhookChannel; contacts: Map<number, string> }>();
  for (const { channel, message } of items) {
    const contact = contactOf.get(addressKey(channel, message.from))!;
    const entry = byChannel.get(channel.row.id) ?? { channel, contacts: new Map() };
    entry.contacts.set(contact.id, contact.uuid);
    byChannel.set(channel.row.id, entry);
  }
  for (const { channel, contacts } of byChannel.values()) {
    const ids = [...contacts.keys()].sort((a, b) => a - b);
    const open = await findOpenChatRows(tx, tenant.workspaceId, channel.row.id, ids);
    for (const contactId of ids) {
      const chat =
        open.get(contactId) ??
        (await createChatRow(
          tx,
          { ...tenant, actor: actorOf('contact', contacts.get(contactId)!) },
          { channel: channel.row, ownerContactId: contactId, title: null },
        ));
      chats.set(chatKey(channel, contactId), chat);
    }
  }
  return chats;
}

function addressKey(channel: WebhookChannel, address: string): string {
  return `${channel.row.type}:${address}`;
}

function chatKey(channel: WebhookChannel, contactId: number): string {
  return `${channel.row.id}:${contactId}`;
}
