import { and, asc, desc, eq, gt, gte, ilike, lte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { captures } from './captures.table.js';

export type CaptureRow = typeof captures.$inferSelect;

export interface CaptureFilters {
  status?: string;
  channel?: string;
  capturedFrom?: Date;
  capturedTo?: Date;
  search?: string;
}

export interface CaptureValues {
  channel: string;
  contactData: Record<string, unknown>;
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
}

/** The text search looks in; the same expression as the trigram index. */
const searchable = sql`(coalesce(${captures.email}, '') || ' ' || coalesce(${captures.name}, '') || ' ' || coalesce(${captures.company}, '') || ' ' || coalesce(${captures.phone}, ''))`;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Deleting a capture soft-deletes its chat (000): captures of removed chats are gone from the surface. */
const chatLive = sql`EXISTS (SELECT 1 FROM chats c WHERE c.workspace_id = ${captures.workspaceId} AND c.id = ${captures.chatId} AND c.removed_at IS NULL)`;

function whereOf(workspaceId: number, agentId: number, filters: CaptureFilters): SQL {
  const conditions = [eq(captures.workspaceId, workspaceId), eq(captures.agentId, agentId), chatLive];
  if (filters.status) conditions.push(eq(captures.status, filters.status));
  if (filters.channel) conditions.push(eq(captures.channel, filters.channel));
  if (filters.capturedFrom) conditions.push(gte(captures.contactCapturedAt, filters.capturedFrom));
  if (filters.capturedTo) conditions.push(lte(captures.contactCapturedAt, filters.capturedTo));
  if (filters.search) conditions.push(ilike(searchable, `%${escapeLike(filters.search)}%`));
  return and(...conditions)!;
}

/** Adds what a turn captured to the chat's capture: new keys are merged in, extracted fields filled where given. */
export async function upsertCapture(
  db: Executor,
  workspaceId: number,
  agentId: number,
  chatId: number,
  values: CaptureValues,
): Promise<CaptureRow> {
  const [row] = await db
    .insert(captures)
    .values({ workspaceId, agentId, chatId, ...values, contactCapturedAt: sql`now()` })
    .onConflictDoUpdate({
      target: [captures.workspaceId, captures.agentId, captures.chatId],
      set: {
        contactData: sql`${captures.contactData} || excluded.contact_data`,
        email: sql`coalesce(excluded.email, ${captures.email})`,
        name: sql`coalesce(excluded.name, ${captures.name})`,
        company: sql`coalesce(excluded.company, ${captures.company})`,
        phone: sql`coalesce(excluded.phone, ${captures.phone})`,
        contactCapturedAt: sql`now()`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

/** The chat's captures (any agent), newest last: what the agents already know. */
export async function findChatCaptures(db: Executor, workspaceId: number, chatId: number): Promise<CaptureRow[]> {
  return db
    .select()
    .from(captures)
    .where(and(eq(captures.workspaceId, workspaceId), eq(captures.chatId, chatId)))
    .orderBy(asc(captures.updatedAt));
}

export async function findCaptureRows(
  db: Executor,
  workspaceId: number,
  agentId: number,
  filters: CaptureFilters,
  page: { limit: number; offset: number },
): Promise<{ rows: CaptureRow[]; total: number }> {
  const where = whereOf(workspaceId, agentId, filters);
  const rows = await db
    .select()
    .from(captures)
    .where(where)
    .orderBy(desc(captures.contactCapturedAt), desc(captures.id))
    .limit(page.limit)
    .offset(page.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(captures)
    .where(where);
  return { rows, total: count?.total ?? 0 };
}

/** A batch of the export, in id order after `afterId`. */
export async function findCaptureBatch(
  db: Executor,
  workspaceId: number,
  agentId: number,
  filters: CaptureFilters,
  afterId: number,
  limit: number,
): Promise<CaptureRow[]> {
  return db
    .select()
    .from(captures)
    .where(and(whereOf(workspaceId, agentId, filters), gt(captures.id, afterId)))
    .orderBy(asc(captures.id))
    .limit(limit);
}

export async function findCaptureRow(db: Executor, workspaceId: number, agentId: number, id: number): Promise<CaptureRow | undefined> {
  const [row] = await db
    .select()
    .from(captures)
    .where(and(eq(captures.workspaceId, workspaceId), eq(captures.agentId, agentId), eq(captures.id, id), chatLive));
  return row;
}

export async function updateCaptureStatus(db: Executor, workspaceId: number, id: number, status: string): Promise<CaptureRow> {
  const [row] = await db
    .update(captures)
    .set({
      status,
      contactExportedAt: status === 'exported' ? sql`coalesce(${captures.contactExportedAt}, now())` : captures.contactExportedAt,
      updatedAt: sql`now()`,
    })
    .where(and(eq(captures.workspaceId, workspaceId), eq(captures.id, id)))
    .returning();
  return row!;
}
