import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { UserFilters } from './users.schemas.js';
import { users } from './users.table.js';

export type UserRow = typeof users.$inferSelect;
export type UserValues = Omit<typeof users.$inferInsert, 'workspaceId' | 'id'>;

export async function insertUser(db: Executor, workspaceId: number, values: UserValues): Promise<UserRow | undefined> {
  const [row] = await db
    .insert(users)
    .values({ ...values, workspaceId })
    .onConflictDoNothing({ target: [users.workspaceId, users.email] })
    .returning();
  return row;
}

export async function updateUserRow(db: Executor, workspaceId: number, id: number, values: Partial<UserValues>): Promise<UserRow> {
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)))
    .returning();
  return row!;
}

export async function findUserRow(
  db: Executor,
  workspaceId: number,
  reference: { id: number } | { uuid: string } | { email: string },
): Promise<UserRow | undefined> {
  const condition =
    'id' in reference
      ? eq(users.id, reference.id)
      : 'uuid' in reference
        ? eq(users.uuid, reference.uuid)
        : eq(users.email, reference.email);
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), condition));
  return row;
}

export async function findUserRowsByIds(db: Executor, workspaceId: number, ids: number[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), sql`${users.id} = ANY(${ids})`));
}

/** A page of users in creation order, after the id `afterId`. */
export async function findUserRows(
  db: Executor,
  workspaceId: number,
  filters: UserFilters,
  page: { limit: number; afterId?: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: SQL[] = [eq(users.workspaceId, workspaceId)];
  if (filters.active !== undefined) conditions.push(eq(users.active, filters.active));
  if (filters.role) conditions.push(eq(users.role, filters.role));
  if (filters.email) conditions.push(eq(users.email, filters.email));
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(users)
    .where(page.afterId === undefined ? where : and(where, gt(users.id, page.afterId)))
    .orderBy(asc(users.id))
    .limit(page.limit);
  const [counted] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(where);
  return { rows, total: counted?.count ?? 0 };
}
