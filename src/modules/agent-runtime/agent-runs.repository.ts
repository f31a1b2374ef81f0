import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { agents, agentVersions } from '../agents/agents.table.js';
import { chats } from '../chats/chats.table.js';
import { agentRuns } from './agent-runs.table.js';

export type AgentRunRow = typeof agentRuns.$inferSelect;
export type NewAgentRun = Omit<typeof agentRuns.$inferInsert, 'workspaceId' | 'id' | 'uuid'>;

/** An agent or squad with its current version's row id. */
export async function findResponder(db: Executor, workspaceId: number, id: number) {
  const [row] = await db
    .select({
      id: agents.id,
      uuid: agents.uuid,
      kind: agents.kind,
      name: agents.name,
      deletedAt: agents.deletedAt,
      versionId: agentVersions.id,
    })
    .from(agents)
    .leftJoin(
      agentVersions,
      and(
        eq(agentVersions.workspaceId, agents.workspaceId),
        eq(agentVersions.agentId, agents.id),
        eq(agentVersions.version, agents.version),
      ),
    )
    .where(and(eq(agents.workspaceId, workspaceId), eq(agents.id, id)));
  return row;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agent by numeric id or uuid (000's `agent_id` takes either), live or not. */
export async function findAgentByReference(db: Executor, workspaceId: number, reference: string) {
  const numeric = /^\d{1,15}$/.test(reference);
  if (!numeric && !UUID_PATTERN.test(reference)) return undefined;
  const condition = numeric ? eq(agents.id, Number(reference)) : eq(agents.uuid, reference);
  const [row] = await db
    .select({ id: agents.id, uuid: agents.uuid, kind: agents.kind })
    .from(agents)
    .where(and(eq(agents.workspaceId, workspaceId), condition));
  return row;
}

/** Of the chats, those that exist and are not removed, with their responder. */
export async function findLiveChatResponders(db: Executor, workspaceId: number, chatIds: number[]) {
  if (chatIds.length === 0) return [];
  return db
    .select({ id: chats.id, responderId: chats.responderId })
    .from(chats)
    .where(and(eq(chats.workspaceId, workspaceId), inArray(chats.id, chatIds), isNull(chats.removedAt)));
}

/**
 * Claims the turn that answers `answeredMessageId`: a new row, or an abandoned one (its lease
 * ran out while `running`). Undefined when another claimer holds it or it is finished.
 */
export async function claimRun(
  db: Executor,
  workspaceId: number,
  values: Omit<NewAgentRun, 'agentVersionId'>,
  versionUuid: string,
): Promise<AgentRunRow | undefined> {
  // The version's row id, looked up in the same statement.
  const agentVersionId = sql`(SELECT ${agentVersions.id} FROM ${agentVersions} WHERE ${agentVersions.workspaceId} = ${workspaceId} AND ${agentVersions.uuid} = ${versionUuid})`;
  const [inserted] = await db
    .insert(agentRuns)
    .values({ ...values, agentVersionId, workspaceId })
    .onConflictDoNothing()
    .returning();
  if (inserted) return inserted;
  const [taken] = await db
    .update(agentRuns)
    .set({ claimToken: values.claimToken, leaseUntil: values.leaseUntil, attempts: 0 })
    .where(
      and(
        eq(agentRuns.workspaceId, workspaceId),
        eq(agentRuns.chatId, values.chatId),
        eq(agentRuns.answeredMessageId, values.answeredMessageId),
        eq(agentRuns.status, 'running'),
        lt(agentRuns.leaseUntil, sql`now()`),
      ),
    )
    .returning();
  return taken;
}

/** Finishes a run if `claimToken` still holds it; false when another claimer took it over. */
/** Gives up a claim (its turn failed before finishing): the run may be claimed again at once. */
export async function releaseRun(db: Executor, workspaceId: number, id: number, claimToken: string): Promise<void> {
  await db
    .update(agentRuns)
    .set({ leaseUntil: sql`now() - interval '1 millisecond'` })
    .where(
      and(
        eq(agentRuns.workspaceId, workspaceId),
        eq(agentRuns.id, id),
        eq(agentRuns.claimToken, claimToken),
        eq(agentRuns.status, 'running'),
      ),
    );
}

export async function finishRun(
  db: Executor,
  workspaceId: number,
  id: number,
  claimToken: string,
  values: Partial<NewAgentRun>,
): Promise<AgentRunRow | undefined> {
  const [row] = await db
    .update(agentRuns)
    .set({ ...values, finishedAt: sql`now()` })
    .where(
      and(
        eq(agentRuns.workspaceId, workspaceId),
        eq(agentRuns.id, id),
        eq(agentRuns.claimToken, claimToken),
        eq(agentRuns.status, 'running'),
      ),
    )
    .returning();
  return row;
}

export async function findRunRows(
  db: Executor,
  workspaceId: number,
  filter: { agentId: number } | { chatId: number },
  page: { limit: number; offset: number },
): Promise<{ rows: AgentRunRow[]; total: number }> {
  const where = and(
    eq(agentRuns.workspaceId, workspaceId),
    'agentId' in filter ? eq(agentRuns.agentId, filter.agentId) : eq(agentRuns.chatId, filter.chatId),
  );
  const rows = await db.select().from(agentRuns).where(where).orderBy(desc(agentRuns.id)).limit(page.limit).offset(page.offset);
  const [count] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(agentRuns)
    .where(where);
  return { rows, total: count?.total ?? 0 };
}
