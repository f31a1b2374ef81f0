import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { voiceAgents } from './voice-agents.table.js';

export type VoiceAgentRow = typeof voiceAgents.$inferSelect;
export type VoiceAgentValues = Pick<typeof voiceAgents.$inferInsert, 'name' | 'settings'>;

export async function insertVoiceAgent(db: Executor, workspaceId: number, values: VoiceAgentValues): Promise<VoiceAgentRow> {
  const [row] = await db
    .insert(voiceAgents)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

/** Replaces the agent's settings and bumps its version. */
export async function updateVoiceAgentRow(
  db: Executor,
  workspaceId: number,
  id: number,
  values: VoiceAgentValues,
): Promise<VoiceAgentRow | undefined> {
  const [row] = await db
    .update(voiceAgents)
    .set({ ...values, version: sql`${voiceAgents.version} + 1`, updatedAt: new Date() })
    .where(and(eq(voiceAgents.workspaceId, workspaceId), eq(voiceAgents.id, id)))
    .returning();
  return row;
}

export async function findVoiceAgentRow(db: Executor, workspaceId: number, id: number): Promise<VoiceAgentRow | undefined> {
  const [row] = await db
    .select()
    .from(voiceAgents)
    .where(and(eq(voiceAgents.workspaceId, workspaceId), eq(voiceAgents.id, id)));
  return row;
}

export async function deleteVoiceAgentRow(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const rows = await db
    .delete(voiceAgents)
    .where(and(eq(voiceAgents.workspaceId, workspaceId), eq(voiceAgents.id, id)))
    .returning({ id: voiceAgents.id });
  return rows.length > 0;
}

/** Newest first, `limit + 1` rows so the caller knows whether more follow. */
export async function findVoiceAgentRows(db: Executor, workspaceId: number, limit: number, beforeId?: number): Promise<VoiceAgentRow[]> {
  return db
    .select()
    .from(voiceAgents)
    .where(and(eq(voiceAgents.workspaceId, workspaceId), beforeId === undefined ? undefined : lt(voiceAgents.id, beforeId)))
    .orderBy(desc(voiceAgents.id))
    .limit(limit + 1);
}
