import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { selectPage, sortableField, orderPlan, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { KnowledgePassage } from '../agent-runtime/provider.js';
import type { PassageDraft } from './passages.js';
import { knowledgeDocuments, knowledgePassages } from './knowledge.table.js';

export type DocumentRow = typeof knowledgeDocuments.$inferSelect;

export async function insertDocument(
  db: Executor,
  workspaceId: number,
  values: { agentId: number; title: string; format: string; content: string },
): Promise<DocumentRow> {
  const [row] = await db
    .insert(knowledgeDocuments)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function updateDocument(
  db: Executor,
  workspaceId: number,
  id: number,
  values: { title: string; format: string; content: string },
): Promise<DocumentRow> {
  const [row] = await db
    .update(knowledgeDocuments)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(knowledgeDocuments.workspaceId, workspaceId), eq(knowledgeDocuments.id, id)))
    .returning();
  return row!;
}

export async function deleteDocument(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(knowledgeDocuments).where(and(eq(knowledgeDocuments.workspaceId, workspaceId), eq(knowledgeDocuments.id, id)));
}

export async function findDocument(
  db: Executor,
  workspaceId: number,
  agentId: number,
  id: number,
  lock = false,
): Promise<DocumentRow | undefined> {
  const query = db
    .select()
    .from(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.workspaceId, workspaceId), eq(knowledgeDocuments.agentId, agentId), eq(knowledgeDocuments.id, id)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function countDocuments(db: Executor, workspaceId: number, agentId: number): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(knowledgeDocuments)
    .where(and(eq(knowledgeDocuments.workspaceId, workspaceId), eq(knowledgeDocuments.agentId, agentId)));
  return row!.count;
}

const documentFields = { id: sortableField(knowledgeDocuments.id, 'number') };

/** An agent's documents, oldest first. */
export async function findDocuments(db: Executor, workspaceId: number, agentId: number, query: ListQuery): Promise<PageRows<DocumentRow>> {
  const resolve = (field: string) => (field === 'id' ? documentFields.id : undefined);
  const plan = await orderPlan([], resolve, sql`${knowledgeDocuments.id}`, { field: 'id', direction: 'asc' }, query.sortSource);
  return selectPage(db, knowledgeDocuments, {
    conditions: [eq(knowledgeDocuments.workspaceId, workspaceId), eq(knowledgeDocuments.agentId, agentId)],
    plan,
    query,
    workspaceId,
  });
}

/** Replaces the passages of a document; the tsvector of each is generated from its text and config. */
export async function replacePassages(
  db: Executor,
  workspaceId: number,
  document: { id: number; agentId: number },
  config: string,
  drafts: PassageDraft[],
): Promise<void> {
  await db
    .delete(knowledgePassages)
    .where(and(eq(knowledgePassages.workspaceId, workspaceId), eq(knowledgePassages.documentId, document.id)));
  if (drafts.length === 0) return;
  await db.insert(knowledgePassages).values(
    drafts.map((draft, position) => ({
      workspaceId,
      documentId: document.id,
      agentId: document.agentId,
      position,
      heading: draft.heading,
      text: draft.text,
      config,
    })),
  );
}

/** How many passages a document has and the text search configuration they use (null when none). */
export async function passageSummary(
  db: Executor,
  workspaceId: number,
  documentId: number,
): Promise<{ count: number; config: string | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, config: sql<string | null>`min(${knowledgePassages.config}::text)` })
    .from(knowledgePassages)
    .where(and(eq(knowledgePassages.workspaceId, workspaceId), eq(knowledgePassages.documentId, documentId)));
  return row!;
}

/**
 * Ranks an agent's passages for the customer's words. The words are normalized with each
 * passage's own configuration and joined with OR (a customer's question rarely holds every
 * word of the answer), then ranked by cover density; passages in `preferredConfig` (the
 * customer's language) weigh 1.5 times as much.
 */
export async function searchPassages(
  db: Executor,
  workspaceId: number,
  agentId: number,
  text: string,
  preferredConfig: string,
  limit: number,
): Promise<KnowledgePassage[]> {
  const result = await db.execute<{ document_uuid: string; title: string; heading: string | null; text: string; rank: number }>(sql`
    WITH queries AS (
      SELECT config, (
        SELECT string_agg(quote_literal(lexeme), ' | ') FROM unnest(tsvector_to_array(to_tsvector(config, ${text}))) AS lexeme
      )::tsquery AS query
      FROM unnest(ARRAY['english', 'spanish', 'simple']::regconfig[]) AS config
    )
    SELECT d.uuid AS document_uuid, d.title, p.heading, p.text,
      ts_rank_cd(p.search, q.query, 1) * CASE WHEN p.config = ${preferredConfig}::regconfig THEN 1.5 ELSE 1 END AS rank
    FROM queries q
    JOIN ${knowledgePassages} p ON p.config = q.config AND p.search @@ q.query
    JOIN ${knowledgeDocuments} d ON d.workspace_id = p.workspace_id AND d.id = p.document_id
    WHERE q.query IS NOT NULL AND p.workspace_id = ${workspaceId} AND p.agent_id = ${agentId}
    ORDER BY rank DESC, p.document_id, p.position
    LIMIT ${limit}
  `);
  return result.rows.map((row) => ({
    documentId: row.document_uuid,
    title: row.heading && row.heading !== row.title ? `${row.title}: ${row.heading}` : row.title,
    text: row.text,
    rank: Number(row.rank),
  }));
}
