import { and, desc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm';
import { channels } from '../channels/channels.table.js';
import type { Executor } from '../../db/client.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { callRecordings, calls, callTranscriptions } from './calls.table.js';

export type CallRow = typeof calls.$inferSelect;
export type CallValues = Omit<typeof calls.$inferInsert, 'workspaceId' | 'id'>;
export type RecordingRow = typeof callRecordings.$inferSelect;
export type RecordingValues = Omit<typeof callRecordings.$inferInsert, 'workspaceId' | 'id' | 'callId'>;
export type TranscriptionRow = typeof callTranscriptions.$inferSelect;
export type TranscriptionValues = Omit<typeof callTranscriptions.$inferInsert, 'workspaceId' | 'id' | 'callId'>;

export interface CallListFilters {
  contactId?: number;
  userId?: number;
  status?: string;
  direction?: string;
  startAfter?: Date;
  startBefore?: Date;
}

export async function insertCall(db: Executor, workspaceId: number, values: CallValues): Promise<CallRow> {
  const [row] = await db
    .insert(calls)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

/** Applies a change and counts it in `last_update_sequence`. */
export async function updateCallRow(db: Executor, workspaceId: number, id: number, values: Partial<CallValues>): Promise<CallRow> {
  const [row] = await db
    .update(calls)
    .set({ ...values, lastUpdateSequence: sql`${calls.lastUpdateSequence} + 1`, updatedAt: new Date() })
    .where(and(eq(calls.workspaceId, workspaceId), eq(calls.id, id)))
    .returning();
  return row!;
}

export async function findCallRow(db: Executor, workspaceId: number, id: number, lock = false): Promise<CallRow | undefined> {
  const query = db
    .select()
    .from(calls)
    .where(and(eq(calls.workspaceId, workspaceId), eq(calls.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/**
 * The call a provider event is about, locked. The one query without a workspace id: provider
 * webhooks carry only the provider's call id, which is unique across workspaces.
 */
export async function findCallByProviderId(db: Executor, providerName: string, providerId: string): Promise<CallRow | undefined> {
  const [row] = await db
    .select()
    .from(calls)
    .where(and(eq(calls.providerName, providerName), eq(calls.providerId, providerId)))
    .for('update');
  return row;
}

/** Newest first; `beforeId` continues after the previous page's last call. */
export async function findCallRows(db: Executor, workspaceId: number, filters: CallListFilters, limit: number, beforeId?: number) {
  const conditions: (SQL | undefined)[] = [
    eq(calls.workspaceId, workspaceId),
    filters.contactId === undefined ? undefined : eq(calls.contactId, filters.contactId),
    filters.userId === undefined ? undefined : eq(calls.userId, filters.userId),
    filters.status === undefined ? undefined : eq(calls.status, filters.status),
    filters.direction === undefined ? undefined : eq(calls.direction, filters.direction),
    filters.startAfter === undefined ? undefined : gte(sql`coalesce(${calls.startTime}, ${calls.createdAt})`, filters.startAfter),
    filters.startBefore === undefined ? undefined : lte(sql`coalesce(${calls.startTime}, ${calls.createdAt})`, filters.startBefore),
    beforeId === undefined ? undefined : lt(calls.id, beforeId),
  ];
  const where = and(...conditions);
  const rows = await db
    .select()
    .from(calls)
    .where(where)
    .orderBy(desc(calls.id))
    .limit(limit + 1);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(calls)
    .where(and(...conditions.slice(0, -1)));
  return { rows: rows.slice(0, limit), more: rows.length > limit, totalCount: count?.total ?? 0 };
}

export async function upsertRecording(db: Executor, workspaceId: number, callId: number, values: RecordingValues): Promise<RecordingRow> {
  const [row] = await db
    .insert(callRecordings)
    .values({ ...values, workspaceId, callId })
    .onConflictDoUpdate({ target: [callRecordings.workspaceId, callRecordings.callId], set: { ...values, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function findRecordingRow(db: Executor, workspaceId: number, callId: number): Promise<RecordingRow | undefined> {
  const [row] = await db
    .select()
    .from(callRecordings)
    .where(and(eq(callRecordings.workspaceId, workspaceId), eq(callRecordings.callId, callId)));
  return row;
}

export async function upsertTranscription(
  db: Executor,
  workspaceId: number,
  callId: number,
  values: TranscriptionValues,
): Promise<TranscriptionRow> {
  const [row] = await db
    .insert(callTranscriptions)
    .values({ ...values, workspaceId, callId })
    .onConflictDoUpdate({ target: [callTranscriptions.workspaceId, callTranscriptions.callId], set: { ...values, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function findTranscriptionRow(db: Executor, workspaceId: number, callId: number): Promise<TranscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(callTranscriptions)
    .where(and(eq(callTranscriptions.workspaceId, workspaceId), eq(callTranscriptions.callId, callId)));
  return row;
}

/** The public id of a workspace, for building the Tenant of a provider event. */
export async function findWorkspaceUuid(db: Executor, workspaceId: number): Promise<string | undefined> {
  const [row] = await db.select({ uuid: workspaces.uuid }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.uuid;
}

/** The workspace's voice channel (where call transcripts live as chats), if it has one. */
export async function findVoiceChannel(db: Executor, workspaceId: number) {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.type, 'voice'), isNull(channels.deletedAt)))
    .orderBy(channels.id)
    .limit(1);
  return row;
}
