import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { chats } from '../chats/chats.table.js';
import type { ChatRow } from '../chats/chats.repository.js';
import { contacts } from '../contacts/contacts.table.js';
import { contactAddresses } from '../contacts/contacts.table.js';
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

/** What an inbound batch added to one chat: its latest two messages and how many. */
export interface ChatInboundMessages {
  chatId: number;
  lastId: number;
  /** The second latest of the batch; null when the batch added one (the chat's previous latest becomes the penultimate). */
  penultimateId: number | null;
  lastCreatedAt: Date;
  count: number;
}

/**
 * recordChatMessage for inbound messages of many chats in one statement: each chat's latest two
 * messages, counters and state move as if its messages had been added one after another.
 */
export async function recordChatsInboundMessages(db: Executor, workspaceId: number, added: ChatInboundMessages[]): Promise<void> {
  if (added.length === 0) return;
  const rows = added.map((entry) => ({
    chat_id: entry.chatId,
    last_id: entry.lastId,
    penultimate_id: entry.penultimateId,
    last_created_at: entry.lastCreatedAt.toISOString(),
    count: entry.count,
  }));
  await db.execute(sql`
    UPDATE ${chats} AS c SET
      penultimate_message_id = coalesce(u.penultimate_id, c.last_message_id),
      last_message_id = u.last_id,
      last_chat_message_created_at = u.last_created_at,
      message_count = c.message_count + u.count,
      updated_at = now(),
      last_inbound_at = greatest(c.last_inbound_at, u.last_created_at),
      is_read = false,
      -- A blocked contact's message is stored but reopens nothing.
      status = CASE WHEN c.status = 'CLOSED' AND NOT EXISTS (
        SELECT 1 FROM ${contacts} o WHERE o.workspace_id = c.workspace_id AND o.id = c.owner_contact_id AND o.blocked_at IS NOT NULL
      ) THEN 'UNATTENDED' ELSE c.status END
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS u(chat_id bigint, last_id bigint, penultimate_id bigint, last_created_at timestamptz, count int)
    WHERE c.workspace_id = ${workspaceId} AND c.id = u.chat_id`);
}

/** An element of a PostgreSQL text array literal. */
function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}
