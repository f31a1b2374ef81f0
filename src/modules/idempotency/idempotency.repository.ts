import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { idempotencyKeys } from './idempotency.table.js';

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;

export interface NewClaim {
  key: string;
  requestHash: string;
  method: string;
  path: string;
  /** How long the request may hold the key. */
  lockMs: number;
  /** How long the key and its answer are kept. */
  ttlMs: number;
}

/**
 * Takes the key for a request: a new key, or one whose record expired, or one whose first
 * request died holding it (same request only). Undefined when the key is taken; the caller
 * then reads it to see why. One statement, so two racing requests cannot both win.
 */
export async function claimKey(db: Executor, workspaceId: number, { lockMs, ttlMs, ...claim }: NewClaim): Promise<number | undefined> {
  // From the database's clock, as created_at is.
  const lockedUntil = sql`now() + ${lockMs} * interval '1 millisecond'`;
  const expiresAt = sql`now() + ${ttlMs} * interval '1 millisecond'`;
  const [row] = await db
    .insert(idempotencyKeys)
    .values({ workspaceId, ...claim, lockedUntil, expiresAt })
    .onConflictDoUpdate({
      target: [idempotencyKeys.workspaceId, idempotencyKeys.key],
      set: {
        requestHash: claim.requestHash,
        method: claim.method,
        path: claim.path,
        lockedUntil,
        expiresAt,
        responseStatus: null,
        responseBody: null,
        responseContentType: null,
        completedAt: null,
        createdAt: sql`now()`,
      },
      setWhere: sql`${idempotencyKeys.expiresAt} < now() OR (${idempotencyKeys.responseStatus} IS NULL AND ${idempotencyKeys.lockedUntil} < now() AND ${idempotencyKeys.requestHash} = ${claim.requestHash})`,
    })
    .returning({ id: idempotencyKeys.id });
  return row?.id;
}

export async function findKey(db: Executor, workspaceId: number, key: string): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)));
  return row;
}

export async function completeKey(
  db: Executor,
  workspaceId: number,
  id: number,
  response: { status: number; body: string; contentType: string | null },
) {
  await db
    .update(idempotencyKeys)
    .set({
      responseStatus: response.status,
      responseBody: response.body,
      responseContentType: response.contentType,
      completedAt: sql`now()`,
      lockedUntil: null,
    })
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.id, id)));
}

/** Frees a key whose request ended without an answer worth replaying. */
export async function releaseKey(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.id, id), isNull(idempotencyKeys.responseStatus)));
}

/** Deletes up to `limit` expired keys of any workspace (a system job); returns how many. */
export async function deleteExpiredKeys(db: Executor, limit: number): Promise<number> {
  const result = await db.execute(sql`
    DELETE FROM ${idempotencyKeys} WHERE ctid IN (
      SELECT ctid FROM ${idempotencyKeys} WHERE ${lt(idempotencyKeys.expiresAt, sql`now()`)} LIMIT ${limit}
    )`);
  return result.rowCount ?? 0;
}
