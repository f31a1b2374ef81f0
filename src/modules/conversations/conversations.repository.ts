import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { insertMany } from '../../db/insert-many.js';
import {
  customFieldSpec,
  filterOnlyField,
  filtersCondition,
  orderPlan,
  selectPage,
  sortableField,
  type FieldResolver,
  type FieldSpec,
  type PageRows,
} from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { searchCondition as contactSearchCondition } from '../contacts/contacts.repository.js';
import { contacts } from '../contacts/contacts.table.js';
import { funnelConversations } from './conversations.table.js';

export type ConversationRow = typeof funnelConversations.$inferSelect;
export type NewConversationRow = Pick<
  typeof funnelConversations.$inferInsert,
  'uuid' | 'funnelId' | 'funnelStatusId' | 'contactId' | 'userId' | 'customFields' | 'archivedAt' | 'createdAt' | 'updatedAt'
>;
export type ConversationRowChanges = Pick<
  ConversationRow,
  'id' | 'funnelId' | 'funnelStatusId' | 'contactId' | 'userId' | 'customFields' | 'archivedAt' | 'createdAt'
>;

/** Inserts the conversations in one statement; each row carries its own uuid to be told apart in the result. */
export async function insertConversationRows(db: Executor, workspaceId: number, rows: NewConversationRow[]): Promise<ConversationRow[]> {
  return insertMany(
    db,
    funnelConversations,
    rows.map((row) => ({ workspaceId, ...row })),
  );
}

/** The conversations among `ids`, in id order; locked for update (in that order) when `lock` is set. */
export async function findConversationRowsByIds(
  db: Executor,
  workspaceId: number,
  ids: number[],
  lock = false,
): Promise<ConversationRow[]> {
  if (ids.length === 0) return [];
  const query = db
    .select()
    .from(funnelConversations)
    .where(and(eq(funnelConversations.workspaceId, workspaceId), inArray(funnelConversations.id, ids)))
    .orderBy(asc(funnelConversations.id));
  return lock ? query.for('update') : query;
}

/** Writes each row's values in one statement (the caller computed them whole), setting updatedAt. */
export async function updateConversationRows(
  db: Executor,
  workspaceId: number,
  rows: ConversationRowChanges[],
): Promise<ConversationRow[]> {
  if (rows.length === 0) return [];
  const values = sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(
    "id" bigint, "funnelId" bigint, "funnelStatusId" bigint, "contactId" bigint, "userId" bigint,
    "customFields" jsonb, "archivedAt" timestamptz, "createdAt" timestamptz)`;
  return db
    .update(funnelConversations)
    .set({
      funnelId: sql`v."funnelId"`,
      funnelStatusId: sql`v."funnelStatusId"`,
      contactId: sql`v."contactId"`,
      userId: sql`v."userId"`,
      customFields: sql`v."customFields"`,
      archivedAt: sql`v."archivedAt"`,
      createdAt: sql`v."createdAt"`,
      updatedAt: sql`now()`,
    })
    .from(values)
    .where(and(eq(funnelConversations.workspaceId, workspaceId), sql`${funnelConversations.id} = v."id"`))
    .returning();
}

/** Deletes the conversation; its tasks stay, no longer linked to it (the key is ON DELETE SET NULL). */
export async function deleteConversationRow(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(funnelConversations).where(and(eq(funnelConversations.workspaceId, workspaceId), eq(funnelConversations.id, id)));
}

export async function conversationExists(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const [row] = await db
    .select({ one: sql<number>`1` })
    .from(funnelConversations)
    .where(and(eq(funnelConversations.workspaceId, workspaceId), eq(funnelConversations.id, id)))
    .for('key share');
  return row !== undefined;
}

/** The conversation fields lists can filter (and, where sortable, sort) on. */
export const conversationFields: Record<string, FieldSpec> = {
  id: sortableField(funnelConversations.id, 'number'),
  funnelId: sortableField(funnelConversations.funnelId, 'number'),
  funnelStatusId: filterOnlyField(funnelConversations.funnelStatusId, 'number'),
  contactId: sortableField(funnelConversations.contactId, 'number'),
  userId: filterOnlyField(funnelConversations.userId, 'number'),
  archivedAt: filterOnlyField(funnelConversations.archivedAt, 'date'),
  createdAt: sortableField(funnelConversations.createdAt, 'date'),
  updatedAt: sortableField(funnelConversations.updatedAt, 'date'),
};

export function conversationCustomField(key: string, fieldType: string): FieldSpec {
  return customFieldSpec(funnelConversations.customFields, key, fieldType);
}

/** Words that must all appear in the contact's names, ids or addresses (the contacts' search text). */
/** Conversations whose contact matches a free-text search (the contacts list's own condition). */
function searchCondition(search: string | undefined): SQL | undefined {
  const matches = contactSearchCondition(search);
  if (!matches) return undefined;
  return sql`EXISTS (SELECT 1 FROM ${contacts} WHERE ${contacts.workspaceId} = ${funnelConversations.workspaceId} AND ${contacts.id} = ${funnelConversations.contactId} AND ${matches})`;
}

export async function findConversationRows(
  db: Executor,
  workspaceId: number,
  query: ListQuery,
  resolve: FieldResolver,
): Promise<PageRows<ConversationRow>> {
  const plan = await orderPlan(
    query.sort,
    resolve,
    sql`${funnelConversations.id}`,
    { field: 'createdAt', direction: 'asc' },
    query.sortSource,
  );
  return selectPage(db, funnelConversations, {
    conditions: [
      eq(funnelConversations.workspaceId, workspaceId),
      query.includeArchived ? undefined : isNull(funnelConversations.archivedAt),
      await filtersCondition(query.filters, resolve),
      searchCondition(query.search),
    ],
    plan,
    query,
    workspaceId,
  });
}
