import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, sortableField, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { EntityReference, ResponderKind } from './agents.schemas.js';
import { agents, agentVersions } from './agents.table.js';

export type AgentRow = typeof agents.$inferSelect;
export type AgentVersionRow = typeof agentVersions.$inferSelect;

function referenceCondition(reference: EntityReference): SQL {
  return 'id' in reference ? eq(agents.id, reference.id) : eq(agents.uuid, reference.uuid);
}

/** Inserts the agent and its version 1 snapshot. */
export async function insertAgent(
  db: Executor,
  workspaceId: number,
  values: { kind: ResponderKind; name: string; picture: string | null; settings: Record<string, unknown> },
): Promise<AgentRow> {
  const versionUuid = randomUUID();
  const [row] = await db
    .insert(agents)
    .values({ ...values, workspaceId, versionUuid })
    .returning();
  await db.insert(agentVersions).values({
    workspaceId,
    uuid: versionUuid,
    agentId: row!.id,
    version: 1,
    name: values.name,
    picture: values.picture,
    settings: values.settings,
  });
  return row!;
}

/** Applies the change and records it as the next version. */
export async function updateAgentRow(
  db: Executor,
  workspaceId: number,
  current: AgentRow,
  values: { name: string; picture: string | null; settings: Record<string, unknown> },
): Promise<AgentRow> {
  const versionUuid = randomUUID();
  const version = current.version + 1;
  await db.insert(agentVersions).values({ workspaceId, uuid: versionUuid, agentId: current.id, version, ...values });
  const [row] = await db
    .update(agents)
    .set({ ...values, version, versionUuid, updatedAt: sql`now()` })
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, current.id)))
    .returning();
  return row!;
}

export async function softDeleteAgentRow(db: Executor, workspaceId: number, id: number): Promise<AgentRow> {
  const [row] = await db
    .update(agents)
    .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, id)))
    .returning();
  return row!;
}

/** A live (not deleted) agent or squad of `kind`; locked when `lock` is set. */
export async function findAgentRow(
  db: Executor,
  workspaceId: number,
  kind: ResponderKind | undefined,
  reference: EntityReference,
  lock = false,
): Promise<AgentRow | undefined> {
  const query = db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.workspaceId, workspaceId),
        kind ? eq(agents.kind, kind) : undefined,
        referenceCondition(reference),
        isNull(agents.deletedAt),
      ),
    );
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** Live agents among `uuids` (squad members), any order. */
export async function findAgentRowsByUuids(db: Executor, workspaceId: number, uuids: string[]): Promise<AgentRow[]> {
  if (uuids.length === 0) return [];
  return db
    .select()
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.kind, 'agent'), inArray(agents.uuid, uuids), isNull(agents.deletedAt)));
}

/** The workspace's first live agent, the responder chats get when none is named. */
export async function findFirstAgentRow(db: Executor, workspaceId: number): Promise<AgentRow | undefined> {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.kind, 'agent'), isNull(agents.deletedAt)))
    .orderBy(asc(agents.id))
    .limit(1);
  return row;
}

export async function findVersionRow(db: Executor, workspaceId: number, versionUuid: string): Promise<AgentVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(agentVersions)
    .where(and(eq(agentVersions.workspaceId, workspaceId), eq(agentVersions.uuid, versionUuid)));
  return row;
}

export const agentFields: Record<string, FieldSpec> = {
  id: sortableField(agents.id, 'number'),
  name: sortableField(agents.name, 'text'),
  version: sortableField(agents.version, 'number'),
  createdAt: sortableField(agents.createdAt, 'date'),
  updatedAt: sortableField(agents.updatedAt, 'date'),
};

export async function findAgentRows(db: Executor, workspaceId: number, kind: ResponderKind, query: ListQuery): Promise<PageRows<AgentRow>> {
  const resolve = (field: string) => (Object.hasOwn(agentFields, field) ? agentFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${agents.id}`, { field: 'createdAt', direction: 'asc' }, query.sortSource);
  return selectPage(db, agents, {
    conditions: [
      eq(agents.workspaceId, workspaceId),
      eq(agents.kind, kind),
      isNull(agents.deletedAt),
      await filtersCondition(query.filters, resolve),
    ],
    plan,
    query,
    workspaceId,
  });
}

const versionFields: Record<string, FieldSpec> = {
  version: sortableField(agentVersions.version, 'number'),
  createdAt: sortableField(agentVersions.createdAt, 'date'),
};

/** Versions of one agent, newest first unless the query sorts otherwise. */
export async function findVersionRows(
  db: Executor,
  workspaceId: number,
  agentId: number,
  query: ListQuery,
): Promise<PageRows<AgentVersionRow>> {
  const resolve = (field: string) => (Object.hasOwn(versionFields, field) ? versionFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${agentVersions.id}`, { field: 'version', direction: 'desc' }, query.sortSource);
  return selectPage(db, agentVersions, {
    conditions: [eq(agentVersions.workspaceId, workspaceId), eq(agentVersions.agentId, agentId)],
    plan,
    query,
    workspaceId,
  });
}
