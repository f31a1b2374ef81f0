import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { chats } from '../chats/chats.table.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { contacts } from '../contacts/contacts.table.js';
import { contactAddresses } from '../contacts/contacts.table.js';
import { EVENTS_CHANNEL } from '../events/events.repository.js';
import { events } from '../events/events.table.js';
import { messages } from './messages.table.js';

/** Provider ids of `providerIds` already stored in the workspace. */
export async function existingProviderIds(db: Executor, workspaceId: number, providerIds: string[]): Promise<Set<string>> {
  if (providerIds.length === 0) return new Set();
  const result = await db.execute<{ provider_id: string }>(sql`
    SELECT provider_id FROM ${messages}
    WHERE workspace_id = ${workspaceId} AND provider_id = ANY(${`{${providerIds.map(quote).join(',')}}`}::text[])`);
  return new Set(result.rows.map((row) => row.provider_id));
}

/** For each address, the oldest contact holding it on the first of `channelTypes` that has it (one statement). */
export async function findContactsByAddresses(
  db: Executor,
  workspaceId: number,
  channelTypes: readonly string[],
  addresses: string[],
): Promise<Map<string, { id: number; uuid: string }>> {
  if (addresses.length === 0) return new Map();
  const preference = sql.join(
    channelTypes.map((type, index) => sql`WHEN ${type} THEN ${index}`),
    sql` `,
  );
  const result = await db.execute<{ address: string; id: number; uuid: string }>(sql`
    SELECT DISTINCT ON (a.address) a.address, c.id, c.uuid
    FROM ${contactAddresses} a
    JOIN ${contacts} c ON c.workspace_id = a.workspace_id AND c.id = a.contact_id
    WHERE a.workspace_id = ${workspaceId}
      AND a.address = ANY(${`{${addresses.map(quote).join(',')}}`}::text[])
      AND a.channel_type = ANY(${`{${channelTypes.map(quote).join(',')}}`}::text[])
    ORDER BY a.address, CASE a.channel_type ${preference} END, c.id`);
  return new Map(result.rows.map((row) => [row.address, { id: Number(row.id), uuid: row.uuid }]));
}

/** The current (not removed) chat of each contact on a channel, locked for the caller's write, in chat id order. */
export async function findOpenChatRows(
  db: Executor,
  workspaceId: number,
  channelId: number,
  contactIds: number[],
): Promise<Map<number, ChatRow>> {
  if (contactIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(chats)
    .where(
      sql`${chats.id} IN (
        SELECT DISTINCT ON (owner_contact_id) id FROM ${chats}
        WHERE workspace_id = ${workspaceId} AND channel_id = ${channelId} AND removed_at IS NULL
          AND owner_contact_id = ANY(${`{${contactIds.join(',')}}`}::bigint[])
        ORDER BY owner_contact_id, id DESC) AND ${chats.workspaceId} = ${workspaceId}`,
    )
    .orderBy(chats.id)
    .for('update');
  return new Map(rows.map((row) => [row.ownerContactId, row]));
}

/**
 * recordChatMessage for `count` inbound messages at once: the chat's latest two messages,
 * counters and state move as if they had been added one after another.
 */
export async function recordChatInboundMessages(
  db: Executor,
  workspaceId: number,
  chatId: number,
  added: { lastId: number; penultimateId: number | null; lastCreatedAt: Date; count: number },
): Promise<void> {
  const createdAt = added.lastCreatedAt.toISOString();
  await db
    .update(chats)
    .set({
      penultimateMessageId: added.penultimateId ?? sql`${chats.lastMessageId}`,
      lastMessageId: added.lastId,
      lastChatMessageCreatedAt: added.lastCreatedAt,
      messageCount: sql`${chats.messageCount} + ${added.count}`,
      updatedAt: sql`now()`,
      lastInboundAt: sql`greatest(${chats.lastInboundAt}, ${createdAt}::timestamptz)`,
      isRead: false,
      // A blocked contact's message is stored but reopens nothing.
      status: sql`CASE WHEN ${chats.status} = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM ${contacts} WHERE ${contacts.workspaceId} = ${chats.workspaceId} AND ${contacts.id} = ${chats.ownerContactId} AND ${contacts.blockedAt} IS NOT NULL) THEN 'UNATTENDED' ELSE ${chats.status} END`,
    })
    .where(sql`${chats.workspaceId} = ${workspaceId} AND ${chats.id} = ${chatId}`);
}

/** insertEvents with an actor per event: one INSERT and one NOTIFY statement for them all, in order. */
export async function insertEventsWithActors(
  db: Executor,
  workspaceId: number,
  type: string,
  entries: { actor: Actor; data: unknown }[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({ kind: entry.actor.kind, actor: entry.actor.id, data: entry.data }));
  const inserted = await db.execute<{ id: number }>(sql`
    INSERT INTO ${events} (${sql.identifier(events.workspaceId.name)}, ${sql.identifier(events.type.name)}, ${sql.identifier(events.data.name)}, ${sql.identifier(events.actorKind.name)}, ${sql.identifier(events.actorId.name)})
    SELECT ${workspaceId}::bigint, ${type}::text, e.entry->'data', e.entry->>'kind', e.entry->>'actor'
    FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(entry, position)
    ORDER BY position
    RETURNING ${sql.identifier(events.id.name)} AS id`);
  const payloads = `{${inserted.rows.map((row) => `"${workspaceId}:${row.id}"`).join(',')}}`;
  await db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, payload) FROM unnest(${payloads}::text[]) AS payload`);
}

/** An element of a PostgreSQL text array literal. */
function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
