import { and, desc, eq, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { agents } from '../agents/agents.table.js';
import { chats } from '../chats/chats.table.js';
import { contacts } from '../contacts/contacts.table.js';
import { users } from '../users/users.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import type { TicketFilters } from './tickets.schemas.js';
import { tickets } from './tickets.table.js';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketValues = Omit<typeof tickets.$inferInsert, 'workspaceId' | 'id'>;

export async function insertTicket(db: Executor, workspaceId: number, values: TicketValues): Promise<TicketRow> {
  const [row] = await db
    .insert(tickets)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function updateTicketRow(db: Executor, workspaceId: number, id: number, values: Partial<TicketValues>): Promise<TicketRow> {
  const [row] = await db
    .update(tickets)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)))
    .returning();
  return row!;
}

export async function findTicketRow(db: Executor, workspaceId: number, reference: { uuid: string } | { id: number }) {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), 'id' in reference ? eq(tickets.id, reference.id) : eq(tickets.uuid, reference.uuid)));
  return row;
}

/** The chat's active ticket (at most one: a partial unique index holds it). */
export async function findActiveTicketRow(db: Executor, workspaceId: number, chatId: number): Promise<TicketRow | undefined> {
  const [row] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.chatId, chatId), ne(tickets.status, 'CLOSED')));
  return row;
}

function selectTicketViews(db: Executor) {
  return db
    .select({ ticket: tickets, chatUuid: chats.uuid, contactUuid: contacts.uuid, assigneeUuid: users.uuid })
    .from(tickets)
    .innerJoin(chats, and(eq(chats.workspaceId, tickets.workspaceId), eq(chats.id, tickets.chatId)))
    .innerJoin(contacts, and(eq(contacts.workspaceId, tickets.workspaceId), eq(contacts.id, tickets.contactId)))
    .leftJoin(users, and(eq(users.workspaceId, tickets.workspaceId), eq(users.id, tickets.assigneeUserId)));
}

export type TicketViewRow = Awaited<ReturnType<ReturnType<typeof selectTicketViews>['execute']>>[number];

export async function findTicketView(db: Executor, workspaceId: number, id: number): Promise<TicketViewRow | undefined> {
  const [row] = await selectTicketViews(db).where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.id, id)));
  return row;
}

/** Newest first, by id (creation order), after the cursor id. */
export async function findTicketViews(
  db: Executor,
  workspaceId: number,
  filters: TicketFilters,
  page: { limit: number; beforeId?: number },
): Promise<{ rows: TicketViewRow[]; total: number }> {
  const conditions: SQL[] = [eq(tickets.workspaceId, workspaceId)];
  if (filters.statuses?.length) conditions.push(inArray(tickets.status, filters.statuses));
  if (filters.assigneeUserId !== undefined) conditions.push(eq(tickets.assigneeUserId, filters.assigneeUserId));
  if (filters.contactId !== undefined) conditions.push(eq(tickets.contactId, filters.contactId));
  if (filters.chatUuid) conditions.push(eq(chats.uuid, filters.chatUuid));
  if (filters.createdAfter) conditions.push(sql`${tickets.createdAt} >= ${filters.createdAfter.toISOString()}::timestamptz`);
  if (filters.createdBefore) conditions.push(sql`${tickets.createdAt} < ${filters.createdBefore.toISOString()}::timestamptz`);
  const where = and(...conditions);
  const rows = await selectTicketViews(db)
    .where(page.beforeId === undefined ? where : and(where, lt(tickets.id, page.beforeId)))
    .orderBy(desc(tickets.id))
    .limit(page.limit);
  const [counted] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(tickets)
    .innerJoin(chats, and(eq(chats.workspaceId, tickets.workspaceId), eq(chats.id, tickets.chatId)))
    .where(where);
  return { rows, total: counted?.count ?? 0 };
}

/** The contact's newest active ticket and newest closed one (001's active and last closed ticket). */
export async function findContactTicketViews(db: Executor, workspaceId: number, contactId: number) {
  const newest = (active: boolean) =>
    selectTicketViews(db)
      .where(
        and(
          eq(tickets.workspaceId, workspaceId),
          eq(tickets.contactId, contactId),
          active ? ne(tickets.status, 'CLOSED') : eq(tickets.status, 'CLOSED'),
        ),
      )
      .orderBy(...(active ? [desc(tickets.id)] : [desc(tickets.closedAt), desc(tickets.id)]))
      .limit(1);
  const [[active], [lastClosed]] = await Promise.all([newest(true), newest(false)]);
  return { active, lastClosed };
}

/**
 * What decides whether an agent may answer the chat. With `lock`, the chat's row is locked
 * first (FOR UPDATE): every ticket change locks it too, so none can commit between this check
 * and the caller's commit.
 *
 * The lock is its own statement on purpose. A statement that waits for a row lock reads the
 * rest of the database as of when it started (READ COMMITTED re-reads only the locked row), so
 * `SELECT ... EXISTS (tickets) ... FOR UPDATE` would miss the ticket of the very handoff it waited
 * for. The read after the lock is a new statement with a new snapshot. (The property test in
 * test/tickets/handoff-property.test.ts found this.) Callers use READ COMMITTED, the default.
 */
export async function findAgentGate(db: Executor, workspaceId: number, chatId: number, lock: boolean) {
  if (lock) {
    const [locked] = await db
      .select({ id: chats.id })
      .from(chats)
      .where(and(eq(chats.workspaceId, workspaceId), eq(chats.id, chatId)))
      .for('update');
    if (!locked) return undefined;
  }
  const [row] = await findAgentGates(db, workspaceId, [chatId]);
  return row;
}

/** What decides whether an agent may answer, for each of the chats (those that exist). */
export async function findAgentGates(db: Executor, workspaceId: number, chatIds: number[]) {
  if (chatIds.length === 0) return [];
  return db
    .select({
      chatId: chats.id,
      removedAt: chats.removedAt,
      blockedAt: contacts.blockedAt,
      resumeAfterClose: agents.resumeAfterClose,
      hasActiveTicket: sql<boolean>`EXISTS (SELECT 1 FROM ${tickets} WHERE ${tickets.workspaceId} = ${chats.workspaceId} AND ${tickets.chatId} = ${chats.id} AND ${tickets.status} <> 'CLOSED')`,
      hasClosedTicket: sql<boolean>`EXISTS (SELECT 1 FROM ${tickets} WHERE ${tickets.workspaceId} = ${chats.workspaceId} AND ${tickets.chatId} = ${chats.id} AND ${tickets.status} = 'CLOSED')`,
    })
    .from(chats)
    .innerJoin(contacts, and(eq(contacts.workspaceId, chats.workspaceId), eq(contacts.id, chats.ownerContactId)))
    .innerJoin(agents, and(eq(agents.workspaceId, chats.workspaceId), eq(agents.id, chats.responderId)))
    .where(and(eq(chats.workspaceId, workspaceId), inArray(chats.id, chatIds)));
}

export async function findWorkspaceUuid(db: Executor, workspaceId: number): Promise<string | undefined> {
  const [row] = await db.select({ uuid: workspaces.uuid }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.uuid;
}
