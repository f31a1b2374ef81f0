import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { agents } from '../agents/agents.table.js';

/** A PostgreSQL text search configuration name (english, spanish, simple). */
const regconfig = customType<{ data: string }>({ dataType: () => 'regconfig' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** A document of an agent's knowledge base, as the business wrote it. */
export const knowledgeDocuments = pgTable(
  'knowledge_documents',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    agentId: bigint('agent_id', { mode: 'number' }).notNull(),
    title: text('title').notNull(),
    /** `text` or `markdown`: markdown headings split passages and their marks are stripped for search. */
    format: text('format').notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.agentId],
      foreignColumns: [agents.workspaceId, agents.id],
      name: 'knowledge_documents_agent_fk',
    }).onDelete('cascade'),
    uniqueIndex('knowledge_documents_uuid_idx').on(table.workspaceId, table.uuid),
    index('knowledge_documents_agent_idx').on(table.workspaceId, table.agentId, table.id),
  ],
);

/**
 * The searchable pieces of a document (a heading's section or a few paragraphs, ~500-800
 * characters): retrieval ranks these, so an answer quotes a focused piece, not a whole page.
 */
export const knowledgePassages = pgTable(
  'knowledge_passages',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    documentId: bigint('document_id', { mode: 'number' }).notNull(),
    agentId: bigint('agent_id', { mode: 'number' }).notNull(),
    position: integer('position').notNull(),
    /** The nearest heading above the passage, if any. */
    heading: text('heading'),
    text: text('text').notNull(),
    /** Text search configuration of the passage's language (english, spanish or simple). */
    config: regconfig('config').notNull(),
    /** Heading weighted A, body B; generated so it can never disagree with the text. */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector(config, coalesce(heading, '')), 'A') || setweight(to_tsvector(config, text), 'B')`),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.documentId],
      foreignColumns: [knowledgeDocuments.workspaceId, knowledgeDocuments.id],
      name: 'knowledge_passages_document_fk',
    }).onDelete('cascade'),
    index('knowledge_passages_agent_idx').on(table.workspaceId, table.agentId),
    index('knowledge_passages_search_idx').using('gin', table.search),
  ],
);
