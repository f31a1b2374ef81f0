import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { apiKeys, workspaces } from './workspaces.table.js';

export type WorkspaceRow = typeof workspaces.$inferSelect;

export async function insertWorkspace(db: Executor, name: string): Promise<WorkspaceRow> {
  const [row] = await db.insert(workspaces).values({ name }).returning();
  return row!;
}

export async function findWorkspaceByUuid(db: Executor, uuid: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.uuid, uuid));
  return row;
}

export async function findWorkspaces(db: Executor): Promise<WorkspaceRow[]> {
  return db.select().from(workspaces).orderBy(workspaces.id);
}

export async function findApiKeysOfWorkspace(db: Executor, workspaceId: number) {
  return db
    .select({ uuid: apiKeys.uuid, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(asc(apiKeys.id));
}

export async function findWorkspaceById(db: Executor, id: number): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

export async function findFirstWorkspace(db: Executor): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).orderBy(workspaces.id).limit(1);
  return row;
}

export async function insertApiKey(db: Executor, workspaceId: number, keyHash: string, prefix: string): Promise<{ uuid: string }> {
  const [row] = await db
    .insert(apiKeys)
    .values({ workspaceId, keyHash, prefix })
    .onConflictDoNothing({ target: apiKeys.keyHash })
    .returning({ uuid: apiKeys.uuid });
  return row ?? { uuid: '' };
}

export async function findActiveKeyByHash(db: Executor, keyHash: string) {
  const [row] = await db
    .select({ keyUuid: apiKeys.uuid, workspaceId: workspaces.id, workspaceUuid: workspaces.uuid })
    .from(apiKeys)
    .innerJoin(workspaces, eq(workspaces.id, apiKeys.workspaceId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)));
  return row;
}

export async function findActiveKeyHashes(db: Executor, keyHashes: string[]): Promise<string[]> {
  const rows = await db
    .select({ keyHash: apiKeys.keyHash })
    .from(apiKeys)
    .where(and(inArray(apiKeys.keyHash, keyHashes), isNull(apiKeys.revokedAt)));
  return rows.map((row) => row.keyHash);
}

export async function findKeyByHash(db: Executor, keyHash: string) {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function revokeApiKeyByUuid(db: Executor, uuid: string): Promise<string | undefined> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.uuid, uuid), isNull(apiKeys.revokedAt)))
    .returning({ keyHash: apiKeys.keyHash });
  return row?.keyHash;
}
