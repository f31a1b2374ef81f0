import { and, asc, count, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, sortableField, textField, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { funnelConversations } from '../conversations/conversations.table.js';
import { funnelStatuses, funnels } from './funnels.table.js';
import { containsPattern } from '../../db/like.js';

export type FunnelRow = typeof funnels.$inferSelect;
export type FunnelStatusRow = typeof funnelStatuses.$inferSelect;

const funnelById = (workspaceId: number, id: number) => and(eq(funnels.workspaceId, workspaceId), eq(funnels.id, id));
const statusById = (workspaceId: number, funnelId: number, id: number) =>
  and(eq(funnelStatuses.workspaceId, workspaceId), eq(funnelStatuses.funnelId, funnelId), eq(funnelStatuses.id, id));

export async function insertFunnel(
  db: Executor,
  workspaceId: number,
  values: { name: string; description: string | null },
): Promise<FunnelRow> {
  const [row] = await db
    .insert(funnels)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

/**
 * The funnel row. `no key update` serializes changes to its statuses without blocking
 * conversation writes (which hold a key-share lock); `update` is for deleting it.
 */
export async function findFunnelRow(
  db: Executor,
  workspaceId: number,
  id: number,
  lock?: 'update' | 'no key update',
): Promise<FunnelRow | undefined> {
  const query = db.select().from(funnels).where(funnelById(workspaceId, id));
  const [row] = lock ? await query.for(lock) : await query;
  return row;
}

export async function updateFunnelRow(
  db: Executor,
  workspaceId: number,
  id: number,
  values: Partial<Pick<FunnelRow, 'name' | 'description'>>,
): Promise<FunnelRow> {
  const [row] = await db
    .update(funnels)
    .set({ ...values, updatedAt: sql`now()` })
    .where(funnelById(workspaceId, id))
    .returning();
  return row!;
}

/** Deletes the funnel and, by cascade, its statuses. */
export async function deleteFunnelRow(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(funnels).where(funnelById(workspaceId, id));
}

export const funnelFields: Record<string, FieldSpec> = {
  id: sortableField(funnels.id, 'number'),
  name: sortableField(funnels.name, 'text'),
  description: textField(funnels.description),
  createdAt: sortableField(funnels.createdAt, 'date'),
  updatedAt: sortableField(funnels.updatedAt, 'date'),
};

function searchCondition(search: string | undefined): SQL | undefined {
  if (!search) return undefined;
  return sql`${funnels.name} ILIKE ${containsPattern(search)}`;
}

export async function findFunnelRows(db: Executor, workspaceId: number, query: ListQuery): Promise<PageRows<FunnelRow>> {
  const resolve = (field: string) => (Object.hasOwn(funnelFields, field) ? funnelFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${funnels.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  return selectPage(db, funnels, {
    conditions: [eq(funnels.workspaceId, workspaceId), await filtersCondition(query.filters, resolve), searchCondition(query.search)],
    plan,
    query,
    workspaceId,
  });
}

/** The statuses of the funnels, in funnel order. */
export async function findStatusRows(db: Executor, workspaceId: number, funnelIds: number[]): Promise<FunnelStatusRow[]> {
  if (funnelIds.length === 0) return [];
  return db
    .select()
    .from(funnelStatuses)
    .where(and(eq(funnelStatuses.workspaceId, workspaceId), inArray(funnelStatuses.funnelId, funnelIds)))
    .orderBy(asc(funnelStatuses.funnelId), asc(funnelStatuses.position), asc(funnelStatuses.id));
}

/** The status row; `update` locks it against conversation writes (which key-share lock the statuses they use). */
export async function findStatusRow(
  db: Executor,
  workspaceId: number,
  funnelId: number,
  id: number,
  lock?: 'update',
): Promise<FunnelStatusRow | undefined> {
  const query = db
    .select()
    .from(funnelStatuses)
    .where(statusById(workspaceId, funnelId, id));
  const [row] = lock ? await query.for(lock) : await query;
  return row;
}

export async function insertStatusRows(
  db: Executor,
  workspaceId: number,
  funnelId: number,
  values: { name: string; position: number }[],
): Promise<FunnelStatusRow[]> {
  if (values.length === 0) return [];
  return db
    .insert(funnelStatuses)
    .values(values.map((value) => ({ ...value, workspaceId, funnelId })))
    .returning();
}

export async function updateStatusRow(
  db: Executor,
  workspaceId: number,
  funnelId: number,
  id: number,
  values: Partial<Pick<FunnelStatusRow, 'name' | 'position'>>,
): Promise<FunnelStatusRow> {
  const [row] = await db
    .update(funnelStatuses)
    .set({ ...values, updatedAt: sql`now()` })
    .where(statusById(workspaceId, funnelId, id))
    .returning();
  return row!;
}

export async function deleteStatusRow(db: Executor, workspaceId: number, funnelId: number, id: number): Promise<void> {
  await db.delete(funnelStatuses).where(statusById(workspaceId, funnelId, id));
}

/** Adds `delta` to the position of the funnel's statuses whose position is within [from, to]. */
export async function shiftPositions(
  db: Executor,
  workspaceId: number,
  funnelId: number,
  range: { from: number; to?: number },
  delta: 1 | -1,
): Promise<void> {
  await db
    .update(funnelStatuses)
    .set({ position: sql`${funnelStatuses.position} + ${delta}` })
    .where(
      and(
        eq(funnelStatuses.workspaceId, workspaceId),
        eq(funnelStatuses.funnelId, funnelId),
        gte(funnelStatuses.position, range.from),
        range.to === undefined ? undefined : lte(funnelStatuses.position, range.to),
      ),
    );
}

/** How many conversations are in the funnel, or in one of its statuses. */
export async function countConversations(
  db: Executor,
  workspaceId: number,
  where: { funnelId: number; statusId?: number },
): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(funnelConversations)
    .where(
      and(
        eq(funnelConversations.workspaceId, workspaceId),
        eq(funnelConversations.funnelId, where.funnelId),
        where.statusId === undefined ? undefined : eq(funnelConversations.funnelStatusId, where.statusId),
      ),
    );
  return row?.count ?? 0;
}

/**
 * The funnels among `ids`, key-share locked in id order so none is deleted before the
 * caller's transaction ends (conversation writes reference them).
 */
export async function lockFunnelsForReference(db: Executor, workspaceId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: funnels.id })
    .from(funnels)
    .where(and(eq(funnels.workspaceId, workspaceId), inArray(funnels.id, ids)))
    .orderBy(asc(funnels.id))
    .for('key share');
  return rows.map((row) => row.id);
}

/** The statuses among `ids` with their funnel, key-share locked in id order (see lockFunnelsForReference). */
export async function lockStatusesForReference(
  db: Executor,
  workspaceId: number,
  ids: number[],
): Promise<{ id: number; funnelId: number }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: funnelStatuses.id, funnelId: funnelStatuses.funnelId })
    .from(funnelStatuses)
    .where(and(eq(funnelStatuses.workspaceId, workspaceId), inArray(funnelStatuses.id, ids)))
    .orderBy(asc(funnelStatuses.id))
    .for('key share');
}

/** The first status (position 0) of each funnel, where it has one: where new conversations start. */
export async function findFirstStatusIds(db: Executor, workspaceId: number, funnelIds: number[]): Promise<Map<number, number>> {
  if (funnelIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([funnelStatuses.funnelId], { funnelId: funnelStatuses.funnelId, id: funnelStatuses.id })
    .from(funnelStatuses)
    .where(and(eq(funnelStatuses.workspaceId, workspaceId), inArray(funnelStatuses.funnelId, funnelIds)))
    .orderBy(asc(funnelStatuses.funnelId), asc(funnelStatuses.position), asc(funnelStatuses.id));
  return new Map(rows.map((row) => [row.funnelId, row.id]));
}
