import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { media } from './media.table.js';

export type MediaRow = Omit<typeof media.$inferSelect, 'data'>;

/** Every column but the bytes, which only downloads and provider uploads read. */
const described = {
  workspaceId: media.workspaceId,
  id: media.id,
  uuid: media.uuid,
  fileName: media.fileName,
  contentType: media.contentType,
  size: media.size,
  sha256: media.sha256,
  tags: media.tags,
  providerUploads: media.providerUploads,
  createdAt: media.createdAt,
};

export async function insertMedia(
  db: Executor,
  workspaceId: number,
  values: Omit<typeof media.$inferInsert, 'workspaceId' | 'id'>,
): Promise<MediaRow> {
  const [row] = await db
    .insert(media)
    .values({ ...values, workspaceId })
    .returning(described);
  return row!;
}

export async function findMediaRow(db: Executor, workspaceId: number, uuid: string): Promise<MediaRow | undefined> {
  const [row] = await db
    .select(described)
    .from(media)
    .where(and(eq(media.workspaceId, workspaceId), eq(media.uuid, uuid)));
  return row;
}

export async function findMediaData(db: Executor, workspaceId: number, id: number): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ data: media.data })
    .from(media)
    .where(and(eq(media.workspaceId, workspaceId), eq(media.id, id)));
  return row?.data;
}

/** Records the provider's media id for a phone number id (merged into the others). */
export async function recordProviderUpload(
  db: Executor,
  workspaceId: number,
  id: number,
  phoneNumberId: string,
  mediaId: string,
): Promise<MediaRow> {
  const entry = { [phoneNumberId]: { mediaId, uploadedAt: new Date().toISOString() } };
  const [row] = await db
    .update(media)
    .set({ providerUploads: sql`${media.providerUploads} || ${JSON.stringify(entry)}::jsonb` })
    .where(and(eq(media.workspaceId, workspaceId), eq(media.id, id)))
    .returning(described);
  return row!;
}
