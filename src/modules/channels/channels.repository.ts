import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, sortableField, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { EntityReference } from '../agents/agents.schemas.js';
import { agents } from '../agents/agents.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { channels } from './channels.table.js';

export type ChannelRow = typeof channels.$inferSelect;
export type ChannelValues = Omit<typeof channels.$inferInsert, 'workspaceId' | 'id'>;

const live = (workspaceId: number) => and(eq(channels.workspaceId, workspaceId), isNull(channels.deletedAt));

function referenceCondition(reference: EntityReference): SQL {
  return 'id' in reference ? eq(channels.id, reference.id) : eq(channels.uuid, reference.uuid);
}

export async function insertChannel(db: Executor, workspaceId: number, values: ChannelValues): Promise<ChannelRow> {
  const [row] = await db
    .insert(channels)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function updateChannelRow(db: Executor, workspaceId: number, id: number, values: Partial<ChannelValues>): Promise<ChannelRow> {
  const [row] = await db
    .update(channels)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(channels.workspaceId, workspaceId), eq(channels.id, id)))
    .returning();
  return row!;
}

export async function findChannelRow(
  db: Executor,
  workspaceId: number,
  reference: EntityReference,
  lock = false,
): Promise<ChannelRow | undefined> {
  const query = db
    .select()
    .from(channels)
    .where(and(live(workspaceId), referenceCondition(reference)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Any channel by numeric id, removed ones too: chats show the channel they happened on. */
export async function findChannelRowsByIds(db: Executor, workspaceId: number, ids: number[]): Promise<ChannelRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), inArray(channels.id, ids)));
}

/** The live channel of a type with this routing key, in whichever workspace it is (inbound routing), with that workspace's uuid. */
export async function findChannelByRoutingKey(
  db: Executor,
  type: string,
  routingKey: string,
): Promise<{ row: ChannelRow; workspaceUuid: string } | undefined> {
  const [found] = await db
    .select({ row: channels, workspaceUuid: workspaces.uuid })
    .from(channels)
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .where(and(eq(channels.routingKey, routingKey), eq(channels.type, type), isNull(channels.deletedAt)));
  return found;
}

/** The workspace's live channel of a type with this own address (003 names WhatsApp channels by their number). */
export async function findChannelByAddress(
  db: Executor,
  workspaceId: number,
  type: string,
  address: string,
): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(live(workspaceId), eq(channels.type, type), eq(channels.address, address)));
  return row;
}

/** Whether any live channel uses this webhook verify token (by its hash). */
export async function verifyTokenExists(db: Executor, tokenHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.verifyTokenHash, tokenHash), isNull(channels.deletedAt)))
    .limit(1);
  return row !== undefined;
}

/** Uuids of responders by numeric id. */
export async function findResponderUuids(db: Executor, workspaceId: number, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: agents.id, uuid: agents.uuid })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), inArray(agents.id, ids)));
  return new Map(rows.map((row) => [row.id, row.uuid]));
}

export const channelFields: Record<string, FieldSpec> = {
  id: sortableField(channels.id, 'number'),
  type: sortableField(channels.type, 'text'),
  name: sortableField(channels.name, 'text'),
  createdAt: sortableField(channels.createdAt, 'date'),
  updatedAt: sortableField(channels.updatedAt, 'date'),
};

export async function findChannelRows(db: Executor, workspaceId: number, query: ListQuery): Promise<PageRows<ChannelRow>> {
  const resolve = (field: string) => (Object.hasOwn(channelFields, field) ? channelFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${channels.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  return selectPage(db, channels, {
    conditions: [live(workspaceId), await filtersCondition(query.filters, resolve)],
    plan,
    query,
    workspaceId,
  });
}
