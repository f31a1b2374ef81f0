import { and, asc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { users } from '../users/users.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { sessions } from './sessions.table.js';

export type SessionRow = typeof sessions.$inferSelect;

/** Active members with a password and this email, in every workspace (or one), oldest workspace first. */
export async function findLoginCandidates(db: Executor, email: string, workspaceUuid?: string) {
  return db
    .select({ user: users, workspaceUuid: workspaces.uuid })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(
      and(
        eq(users.email, email),
        eq(users.active, true),
        isNotNull(users.passwordHash),
        workspaceUuid ? eq(workspaces.uuid, workspaceUuid) : undefined,
      ),
    )
    .orderBy(asc(users.workspaceId))
    .limit(10);
}

export async function insertSession(
  db: Executor,
  workspaceId: number,
  values: { userId: number; tokenHash: string; expiresAt: Date },
): Promise<SessionRow> {
  const [row] = await db
    .insert(sessions)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

/** The live session a token hash opens, with its user and workspace; expired sessions open nothing. */
export async function findLiveSession(db: Executor, tokenHash: string) {
  const [row] = await db
    .select({ session: sessions, user: users, workspaceUuid: workspaces.uuid })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .innerJoin(workspaces, eq(workspaces.id, sessions.workspaceId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  return row;
}

export async function touchSession(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.id, id)));
}

export async function deleteSessionByHash(db: Executor, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Of these token hashes, those whose session is still live with an active user. */
export async function findLiveTokenHashes(db: Executor, tokenHashes: string[]): Promise<string[]> {
  if (tokenHashes.length === 0) return [];
  const rows = await db
    .select({ tokenHash: sessions.tokenHash })
    .from(sessions)
    .innerJoin(users, and(eq(users.workspaceId, sessions.workspaceId), eq(users.id, sessions.userId)))
    .where(and(inArray(sessions.tokenHash, tokenHashes), gt(sessions.expiresAt, sql`now()`), eq(users.active, true)));
  return rows.map((row) => row.tokenHash);
}

export async function deleteExpiredSessions(db: Executor): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, sql`now()`))
    .returning({ id: sessions.id });
  return deleted.length;
}

export async function setPasswordHash(db: Executor, workspaceId: number, userId: number, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  // A new password ends the member's other sessions.
  await db.delete(sessions).where(and(eq(sessions.workspaceId, workspaceId), eq(sessions.userId, userId)));
}

/** Whether any workspace has a team member who can log in (first start prints an admin otherwise). */
export async function anyUserWithPassword(db: Executor): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(isNotNull(users.passwordHash)).limit(1);
  return row !== undefined;
}
