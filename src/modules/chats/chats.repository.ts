import { and, desc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { agents, agentVersions } from '../agents/agents.table.js';
import { addressTypesByChannelType } from '../channels/adapters/registry.js';
import { channels } from '../channels/channels.table.js';
import { contactAddresses, contacts } from '../contacts/contacts.table.js';
import { messages } from '../messages/messages.table.js';
import type { TicketStatus } from '../tickets/ticket-states.js';
import { tickets } from '../tickets/tickets.table.js';
import { users } from '../users/users.table.js';
import type { ChatFilters } from './chats.schemas.js';
import { chats } from './chats.table.js';
import { containsPattern } from '../../db/like.js';
import { countRows, fixedOrderPlan } from '../../db/list-sql.js';
import { preparedQuery } from '../../db/prepared.js';

export type ChatRow = typeof chats.$inferSelect;
export type ChatValues = Omit<typeof chats.$inferInsert, 'workspaceId' | 'id'>;

export async function insertChat(db: Executor, workspaceId: number, values: ChatValues): Promise<ChatRow> {
  const [row] = await db
    .insert(chats)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function updateChatRow(db: Executor, workspaceId: number, id: number, values: Partial<ChatValues>): Promise<ChatRow> {
  const [row] = await db
    .update(chats)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(chats.workspaceId, workspaceId), eq(chats.id, id)))
    .returning();
  return row!;
}

export async function findChatRow(
  db: Executor,
  workspaceId: number,
  reference: { uuid: string } | { id: number },
  lock = false,
): Promise<ChatRow | undefined> {
  const query = db
    .select()
    .from(chats)
    .where(and(eq(chats.workspaceId, workspaceId), 'id' in reference ? eq(chats.id, reference.id) : eq(chats.uuid, reference.uuid)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** The contact's current (latest, not removed) chat on a channel, locked for the caller's write. */
export async function findOpenChatRow(
  db: Executor,
  workspaceId: number,
  channelId: number,
  contactId: number,
): Promise<ChatRow | undefined> {
  const [row] = await db
    .select()
    .from(chats)
    .where(
      and(eq(chats.workspaceId, workspaceId), eq(chats.channelId, channelId), eq(chats.ownerContactId, contactId), isNull(chats.removedAt)),
    )
    .orderBy(desc(chats.id))
    .limit(1)
    .for('update');
  return row;
}

export async function findContactIdByUuid(db: Executor, workspaceId: number, uuid: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.uuid, uuid)));
  return row?.id;
}

const lastMessage = alias(messages, 'last_message');
const penultimateMessage = alias(messages, 'penultimate_message');
/**
 * Which address of the owner identifies them on each channel type (004's `ownerIdentifier`),
 * as the channel adapters declare it: a JSON object from channel type to address type, passed
 * as a parameter so that the statement's text stays the same whatever adapters are registered.
 */
const addressTypes = () => JSON.stringify(addressTypesByChannelType());

/** A chat with everything its 004, 002 and 003 views show, in one query; `addressTypesJson` as `addressTypes()` gives it. */
function selectChatViews(db: Executor, addressTypesJson: SQL | string) {
  const ownerAddress = (preferred: SQL) =>
    sql<
      string | null
    >`(SELECT ${contactAddresses.address} FROM ${contactAddresses} WHERE ${contactAddresses.workspaceId} = ${chats.workspaceId} AND ${contactAddresses.contactId} = ${chats.ownerContactId} ORDER BY (${contactAddresses.channelType} = ${preferred}) DESC, ${contactAddresses.id} LIMIT 1)`;
  // The chat's active ticket, else its latest closed one (004's ticketId / ticketStatus).
  const linkedTicket = <T>(column: SQL) =>
    sql<T | null>`(SELECT ${column} FROM ${tickets} WHERE ${tickets.workspaceId} = ${chats.workspaceId} AND ${tickets.chatId} = ${chats.id} ORDER BY (${tickets.status} <> 'CLOSED') DESC, ${tickets.id} DESC LIMIT 1)`;
  return db
    .select({
      chat: chats,
      ownerBlocked: sql<boolean>`(${contacts.blockedAt} IS NOT NULL)`,
      ticketUuid: linkedTicket<string>(sql`${tickets.uuid}`),
      ticketStatus: linkedTicket<TicketStatus>(sql`${tickets.status}`),
      // The team member who took over: the active ticket's assignee.
      takenOverByUuid: sql<
        string | null
      >`(SELECT ${users.uuid} FROM ${tickets} JOIN ${users} ON ${users.workspaceId} = ${tickets.workspaceId} AND ${users.id} = ${tickets.assigneeUserId} WHERE ${tickets.workspaceId} = ${chats.workspaceId} AND ${tickets.chatId} = ${chats.id} AND ${tickets.status} <> 'CLOSED')`,
      channelUuid: channels.uuid,
      channelName: channels.name,
      channelType: channels.type,
      ownerUuid: contacts.uuid,
      ownerFirstName: contacts.firstName,
      ownerLastName: contacts.lastName,
      ownerIdentifier: ownerAddress(sql`(${addressTypesJson}::jsonb ->> ${channels.type})`),
      visitorId: sql<
        string | null
      >`(SELECT ${contactAddresses.address} FROM ${contactAddresses} WHERE ${contactAddresses.workspaceId} = ${chats.workspaceId} AND ${contactAddresses.contactId} = ${chats.ownerContactId} AND ${contactAddresses.channelType} = 'WEBCHAT' ORDER BY ${contactAddresses.id} LIMIT 1)`,
      responderUuid: agents.uuid,
      responderKind: agents.kind,
      responderName: agents.name,
      responderPicture: agents.picture,
      responderVersionUuid: agentVersions.uuid,
      responderVersionNumber: agentVersions.version,
      lastContent: lastMessage.content,
      lastRole: lastMessage.role,
      lastCreatedAt: lastMessage.createdAt,
      penultimateContent: penultimateMessage.content,
      penultimateRole: penultimateMessage.role,
      penultimateCreatedAt: penultimateMessage.createdAt,
    })
    .from(chats)
    .innerJoin(contacts, and(eq(contacts.workspaceId, chats.workspaceId), eq(contacts.id, chats.ownerContactId)))
    .innerJoin(agents, and(eq(agents.workspaceId, chats.workspaceId), eq(agents.id, chats.responderId)))
    .leftJoin(channels, and(eq(channels.workspaceId, chats.workspaceId), eq(channels.id, chats.channelId)))
    .leftJoin(agentVersions, and(eq(agentVersions.workspaceId, chats.workspaceId), eq(agentVersions.id, chats.responderVersionId)))
    .leftJoin(lastMessage, and(eq(lastMessage.workspaceId, chats.workspaceId), eq(lastMessage.id, chats.lastMessageId)))
    .leftJoin(
      penultimateMessage,
      and(eq(penultimateMessage.workspaceId, chats.workspaceId), eq(penultimateMessage.id, chats.penultimateMessageId)),
    );
}

export type ChatViewRow = Awaited<ReturnType<ReturnType<typeof selectChatViews>['execute']>>[number];

/**
 * One chat's view, prepared: the view joins seven tables, and planning it cost more than
 * running it, on every message appended (each one records `chat.updated`). (A generic plan made
 * while chats and messages are nearly empty, in a new database, scans them until autovacuum's
 * ANALYZE of those tables makes PostgreSQL plan it again.)
 */
const chatViewByIdQuery = preparedQuery((db) =>
  selectChatViews(db, sql`${sql.placeholder('addressTypes')}`)
    .where(and(eq(chats.workspaceId, sql.placeholder('workspaceId')), eq(chats.id, sql.placeholder('id'))))
    .prepare('switchboard_chat_view_by_id'),
);

export async function findChatView(db: Executor, workspaceId: number, id: number): Promise<ChatViewRow | undefined> {
  const [row] = await chatViewByIdQuery(db).execute({ workspaceId, id, addressTypes: addressTypes() });
  return row;
}

/** Views of several chats in one prepared statement (the chats of an inbound batch). */
const chatViewsByIdsQuery = preparedQuery((db) =>
  selectChatViews(db, sql`${sql.placeholder('addressTypes')}`)
    .where(and(eq(chats.workspaceId, sql.placeholder('workspaceId')), sql`${chats.id} = ANY(${sql.placeholder('ids')}::bigint[])`))
    .prepare('switchboard_chat_views_by_ids'),
);

export async function findChatViewsByIds(db: Executor, workspaceId: number, ids: number[]): Promise<ChatViewRow[]> {
  if (ids.length === 0) return [];
  return chatViewsByIdsQuery(db).execute({ workspaceId, ids, addressTypes: addressTypes() });
}

const uuidsIn = (column: SQL, values: string[]) =>
  sql`${column} IN (${sql.join(
    values.map((value) => sql`${value}::uuid`),
    sql`, `,
  )})`;

function filterConditions(workspaceId: number, filters: ChatFilters): SQL[] {
  const conditions: SQL[] = [eq(chats.workspaceId, workspaceId)];
  const within = (table: typeof channels | typeof contacts | typeof agents | typeof agentVersions, uuids: string[]) =>
    sql`(SELECT ${table.id} FROM ${table} WHERE ${table.workspaceId} = ${workspaceId} AND ${uuidsIn(sql`${table.uuid}`, uuids)})`;
  if (!filters.includeRemoved) conditions.push(isNull(chats.removedAt));
  if (filters.channelUuids.length > 0) conditions.push(sql`${chats.channelId} IN ${within(channels, filters.channelUuids)}`);
  if (filters.ownerUuids.length > 0) conditions.push(sql`${chats.ownerContactId} IN ${within(contacts, filters.ownerUuids)}`);
  if (filters.responderUuids.length > 0) conditions.push(sql`${chats.responderId} IN ${within(agents, filters.responderUuids)}`);
  if (filters.responderVersionUuids.length > 0)
    conditions.push(sql`${chats.responderVersionId} IN ${within(agentVersions, filters.responderVersionUuids)}`);
  if (filters.statuses.length > 0) conditions.push(inArray(chats.status, filters.statuses));
  if (filters.assigneeUserIds?.length) conditions.push(uuidsIn(sql`${chats.assigneeUserId}`, filters.assigneeUserIds));
  if (filters.visitorIds?.length) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${contactAddresses} WHERE ${contactAddresses.workspaceId} = ${chats.workspaceId} AND ${contactAddresses.contactId} = ${chats.ownerContactId} AND ${contactAddresses.channelType} = 'WEBCHAT' AND ${inArray(contactAddresses.address, filters.visitorIds)})`,
    );
  }
  if (filters.channelTypes.length > 0) {
    const typed = sql`${chats.channelId} IN (SELECT ${channels.id} FROM ${channels} WHERE ${channels.workspaceId} = ${workspaceId} AND ${inArray(channels.type, filters.channelTypes)})`;
    conditions.push(filters.channelTypesDefaulted ? or(isNull(chats.channelId), typed)! : typed);
  }
  if (filters.lastChatMessageCreatedAtStart)
    conditions.push(sql`${chats.lastChatMessageCreatedAt} >= ${filters.lastChatMessageCreatedAtStart.toISOString()}::timestamptz`);
  if (filters.lastChatMessageCreatedAtEnd)
    conditions.push(sql`${chats.lastChatMessageCreatedAt} <= ${filters.lastChatMessageCreatedAtEnd.toISOString()}::timestamptz`);
  const words = filters.search?.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8) ?? [];
  for (const word of words) {
    const pattern = containsPattern(word);
    conditions.push(
      sql`(lower(coalesce(${chats.title}, '')) LIKE ${pattern} OR EXISTS (SELECT 1 FROM ${contacts} WHERE ${contacts.workspaceId} = ${chats.workspaceId} AND ${contacts.id} = ${chats.ownerContactId} AND ${contacts.searchText} LIKE ${pattern}))`,
    );
  }
  return conditions;
}

/**
 * How lists are ordered. `activity` (004, an inbox): the last message's time, else the
 * creation time, newest first. `updated` (002): last change or message, newest first.
 * The id breaks ties either way.
 */
const orders = {
  activity: fixedOrderPlan(
    [{ expression: sql`coalesce(${chats.lastChatMessageCreatedAt}, ${chats.createdAt})`, type: 'date', direction: 'desc' }],
    sql`${chats.id}`,
  ),
  updated: fixedOrderPlan([{ expression: sql`${chats.updatedAt}`, type: 'date', direction: 'desc' }], sql`${chats.id}`),
};

export async function findChatViews(
  db: Executor,
  workspaceId: number,
  filters: ChatFilters,
  page: { limit: number; offset: number; order: keyof typeof orders },
): Promise<{ rows: ChatViewRow[]; total: number }> {
  const where = and(...filterConditions(workspaceId, filters));
  const rows = await selectChatViews(db, addressTypes())
    .where(where)
    .orderBy(...orders[page.order].orderBy)
    .limit(page.limit)
    .offset(page.offset);
  return { rows, total: await countRows(db, chats, where) };
}

/**
 * Makes `messageId` the chat's latest message (the previous one becomes the penultimate) and
 * moves the inbox state: an inbound message marks the chat unread, opens the 24-hour reply
 * window and reopens a closed chat (unless its contact is blocked); a team member's reply makes
 * an unattended chat attended (tickets/handoff-machine.ts does the rest of a reply's effects).
 */
export async function recordChatMessage(
  db: Executor,
  workspaceId: number,
  chatId: number,
  message: { id: number; createdAt: Date; direction: string; role: string },
): Promise<void> {
  const inbound = message.direction === 'inbound';
  const createdAt = message.createdAt.toISOString();
  await db
    .update(chats)
    .set({
      penultimateMessageId: sql`${chats.lastMessageId}`,
      lastMessageId: message.id,
      lastChatMessageCreatedAt: message.createdAt,
      messageCount: sql`${chats.messageCount} + 1`,
      updatedAt: sql`now()`,
      ...(inbound
        ? {
            lastInboundAt: sql`greatest(${chats.lastInboundAt}, ${createdAt}::timestamptz)`,
            isRead: false,
            // A blocked contact's message is stored but reopens nothing.
            status: sql`CASE WHEN ${chats.status} = 'CLOSED' AND NOT EXISTS (SELECT 1 FROM ${contacts} WHERE ${contacts.workspaceId} = ${chats.workspaceId} AND ${contacts.id} = ${chats.ownerContactId} AND ${contacts.blockedAt} IS NOT NULL) THEN 'UNATTENDED' ELSE ${chats.status} END`,
          }
        : message.role === 'operator'
          ? { status: sql`CASE WHEN ${chats.status} = 'UNATTENDED' THEN 'ATTENDED' ELSE ${chats.status} END` }
          : {}),
    })
    .where(and(eq(chats.workspaceId, workspaceId), eq(chats.id, chatId)));
}
