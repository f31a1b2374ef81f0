import { and, asc, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels } from '../channels/channels.table.js';
import { chats } from '../chats/chats.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { messages } from './messages.table.js';

export type MessageRow = typeof messages.$inferSelect;
export type MessageValues = Omit<typeof messages.$inferInsert, 'workspaceId' | 'id'>;

/** Inserts a message; with a provider id already stored (a webhook retry), inserts nothing and returns undefined. */
export async function insertMessage(db: Executor, workspaceId: number, values: MessageValues): Promise<MessageRow | undefined> {
  const [row] = await db
    .insert(messages)
    .values({ ...values, workspaceId })
    .onConflictDoNothing({ target: [messages.workspaceId, messages.providerId] })
    .returning();
  return row;
}

export async function updateMessageRow(db: Executor, workspaceId: number, id: number, values: Partial<MessageValues>): Promise<MessageRow> {
  const [row] = await db
    .update(messages)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id)))
    .returning();
  return row!;
}

export async function providerIdExists(db: Executor, workspaceId: number, providerId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.providerId, providerId)));
  return row !== undefined;
}

/** A message with the chat facts its 003 shape shows (chat uuid, contact, channel type). */
function selectMessageViews(db: Executor) {
  return db
    .select({ message: messages, chatUuid: chats.uuid, contactId: chats.ownerContactId, channelType: channels.type })
    .from(messages)
    .innerJoin(chats, and(eq(chats.workspaceId, messages.workspaceId), eq(chats.id, messages.chatId)))
    .leftJoin(channels, and(eq(channels.workspaceId, chats.workspaceId), eq(channels.id, chats.channelId)));
}

export type MessageViewRow = Awaited<ReturnType<ReturnType<typeof selectMessageViews>['execute']>>[number];

export async function findMessageView(
  db: Executor,
  workspaceId: number,
  reference: { id: number } | { uuid: string } | { providerId: string },
  lock = false,
): Promise<MessageViewRow | undefined> {
  const condition =
    'id' in reference
      ? eq(messages.id, reference.id)
      : 'uuid' in reference
        ? eq(messages.uuid, reference.uuid)
        : eq(messages.providerId, reference.providerId);
  const query = selectMessageViews(db).where(and(eq(messages.workspaceId, workspaceId), condition));
  const [row] = lock ? await query.for('update', { of: messages }) : await query;
  return row;
}

/**
 * One page of a chat's messages counted back from the newest (page 1 is the latest
 * `pageSize`), returned oldest first so the newest is last, as a chat window shows them.
 */
export async function findChatMessageViews(
  db: Executor,
  workspaceId: number,
  chatId: number,
  page: { pageNumber: number; pageSize: number },
): Promise<{ rows: MessageViewRow[]; total: number }> {
  const where = and(eq(messages.workspaceId, workspaceId), eq(messages.chatId, chatId));
  const rows = await selectMessageViews(db)
    .where(where)
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(page.pageSize)
    .offset((page.pageNumber - 1) * page.pageSize);
  const [counted] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(messages)
    .where(where);
  return { rows: rows.reverse(), total: counted?.count ?? 0 };
}

/** A chat's messages oldest first, by limit and offset (002's conversation messages). */
export async function findChatMessageViewsInOrder(
  db: Executor,
  workspaceId: number,
  chatId: number,
  page: { limit: number; offset: number },
): Promise<{ rows: MessageViewRow[]; total: number }> {
  const where = and(eq(messages.workspaceId, workspaceId), eq(messages.chatId, chatId));
  const rows = await selectMessageViews(db)
    .where(where)
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(page.limit)
    .offset(page.offset);
  const [counted] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(messages)
    .where(where);
  return { rows, total: counted?.count ?? 0 };
}

/** A pending outbound message nobody holds: never claimed, or claimed longer ago than `claimTimeoutMs` (that sender is taken as lost). */
function unclaimed(claimTimeoutMs: number) {
  return and(
    eq(messages.status, 'pending'),
    eq(messages.direction, 'outbound'),
    or(isNull(messages.sendClaimedAt), lt(messages.sendClaimedAt, sql`now() - ${claimTimeoutMs} * interval '1 millisecond'`)),
  );
}

/**
 * Takes a pending outbound message for sending, with its chat's channel. A conditional update:
 * of the senders that race for it (the request, its job, the sweep), one gets the row.
 */
export async function claimPendingMessage(
  db: Executor,
  workspaceId: number,
  id: number,
  claimTimeoutMs: number,
): Promise<{ message: MessageRow; channel: typeof channels.$inferSelect } | undefined> {
  const [message] = await db
    .update(messages)
    .set({ sendClaimedAt: sql`now()` })
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, id), unclaimed(claimTimeoutMs)))
    .returning();
  if (!message) return undefined;
  const [found] = await db
    .select({ channel: channels })
    .from(chats)
    .innerJoin(channels, and(eq(channels.workspaceId, chats.workspaceId), eq(channels.id, chats.channelId)))
    .where(and(eq(chats.workspaceId, workspaceId), eq(chats.id, message.chatId)));
  return found ? { message, channel: found.channel } : undefined;
}

/** Outbound messages left pending and unclaimed for longer than `claimTimeoutMs` (a crash between their commit and their send), oldest first. */
export async function findUnsentMessages(
  db: Executor,
  claimTimeoutMs: number,
  limit: number,
): Promise<{ workspaceId: number; workspaceUuid: string; id: number }[]> {
  return db
    .select({ workspaceId: messages.workspaceId, workspaceUuid: workspaces.uuid, id: messages.id })
    .from(messages)
    .innerJoin(workspaces, eq(workspaces.id, messages.workspaceId))
    .where(and(unclaimed(claimTimeoutMs), lt(messages.createdAt, sql`now() - ${claimTimeoutMs} * interval '1 millisecond'`)))
    .orderBy(asc(messages.createdAt))
    .limit(limit);
}
