import type { Database, Executor } from '../../db/client.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import type { AgentLanguage, KnowledgePassage } from '../agent-runtime/provider.js';
import { agentSettingsOf } from '../agents/agent-settings.js';
import { findAgentRow } from '../agents/agents.repository.js';
import { describeReference, type EntityReference } from '../agents/agents.schemas.js';
import { recordEvent } from '../events/events.js';
import * as repository from './knowledge.repository.js';
import { detectLanguage, searchConfigOf } from './language.js';
import { splitIntoPassages } from './passages.js';
import { relatedWords } from './words.js';

/** Largest document accepted, in UTF-8 bytes: big enough for a handbook chapter, small enough to split per request. */
export const MAX_DOCUMENT_BYTES = 200 * 1024;

export type DocumentFormat = 'text' | 'markdown';

export interface KnowledgeDocumentInput {
  title: string;
  format: DocumentFormat;
  content: string;
}

export interface KnowledgeDocument extends KnowledgeDocumentInput {
  id: number;
  uuid: string;
  agentUuid: string;
  sizeBytes: number;
  passageCount: number;
  /** english, spanish or simple: how its passages are searched. */
  searchLanguage: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An agent's knowledge base: documents split into passages searched with PostgreSQL full-text search. */
export class KnowledgeService {
  constructor(private readonly db: Database) {}

  async findDocuments(tenant: Tenant, agent: EntityReference, query: ListQuery): Promise<Page<KnowledgeDocument>> {
    const owner = await agentOf(this.db, tenant, agent);
    const page = await repository.findDocuments(this.db, tenant.workspaceId, owner.id, query);
    const items = await Promise.all(page.rows.map((row) => this.toDocument(this.db, tenant, owner.uuid, row)));
    return { items, nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  async getDocument(tenant: Tenant, agent: EntityReference, id: number): Promise<KnowledgeDocument> {
    const owner = await agentOf(this.db, tenant, agent);
    const row = await repository.findDocument(this.db, tenant.workspaceId, owner.id, id);
    if (!row) throw notFound('knowledge document', id);
    return this.toDocument(this.db, tenant, owner.uuid, row);
  }

  async createDocument(tenant: Tenant, agent: EntityReference, input: KnowledgeDocumentInput): Promise<KnowledgeDocument> {
    checkSize(input);
    return this.db.transaction(async (tx) => {
      const owner = await agentOf(tx, tenant, agent);
      const row = await repository.insertDocument(tx, tenant.workspaceId, { agentId: owner.id, ...input });
      await indexDocument(tx, tenant.workspaceId, row, agentSettingsOf(owner.settings).language);
      const document = await this.toDocument(tx, tenant, owner.uuid, row);
      await recordEvent(tx, tenant, 'knowledge_document.created', withoutContent(document));
      return document;
    });
  }

  /** Replaces the title, format and content, and re-splits the passages. */
  async replaceDocument(tenant: Tenant, agent: EntityReference, id: number, input: KnowledgeDocumentInput): Promise<KnowledgeDocument> {
    checkSize(input);
    return this.db.transaction(async (tx) => {
      const owner = await agentOf(tx, tenant, agent);
      const current = await repository.findDocument(tx, tenant.workspaceId, owner.id, id, true);
      if (!current) throw notFound('knowledge document', id);
      const row = await repository.updateDocument(tx, tenant.workspaceId, id, input);
      await indexDocument(tx, tenant.workspaceId, row, agentSettingsOf(owner.settings).language);
      const document = await this.toDocument(tx, tenant, owner.uuid, row);
      await recordEvent(tx, tenant, 'knowledge_document.updated', withoutContent(document));
      return document;
    });
  }

  /** Deletes the document and its passages; returns what was deleted. */
  async deleteDocument(tenant: Tenant, agent: EntityReference, id: number): Promise<KnowledgeDocument> {
    return this.db.transaction(async (tx) => {
      const owner = await agentOf(tx, tenant, agent);
      const current = await repository.findDocument(tx, tenant.workspaceId, owner.id, id, true);
      if (!current) throw notFound('knowledge document', id);
      const document = await this.toDocument(tx, tenant, owner.uuid, current);
      await repository.deleteDocument(tx, tenant.workspaceId, id);
      await recordEvent(tx, tenant, 'knowledge_document.deleted', withoutContent(document));
      return { ...document, passageCount: 0 };
    });
  }

  private async toDocument(db: Executor, _tenant: Tenant, agentUuid: string, row: repository.DocumentRow): Promise<KnowledgeDocument> {
    const passages = await repository.passageSummary(db, row.workspaceId, row.id);
    return {
      id: row.id,
      uuid: row.uuid,
      agentUuid,
      title: row.title,
      format: row.format as DocumentFormat,
      content: row.content,
      sizeBytes: Buffer.byteLength(row.content, 'utf8'),
      passageCount: passages.count,
      searchLanguage: passages.config ?? 'simple',
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

/**
 * The passages of an agent's knowledge base that best match `query`, best first. `language`
 * is the customer's (en, es, or auto when unknown): passages in it rank higher. Runs in
 * PostgreSQL, so every server process sees the same knowledge.
 */
export async function searchKnowledge(
  db: Executor,
  workspaceId: number,
  agentId: number,
  query: string,
  language: AgentLanguage,
  limit = 5,
): Promise<KnowledgePassage[]> {
  if (query.trim() === '') return [];
  // Customers say "when do you close" where the page says "opening hours": their words bring
  // the words used for the same need (both languages) into the OR query.
  const text = query.slice(0, 2000);
  const expanded = `${text} ${relatedWords(text).join(' ')}`;
  return repository.searchPassages(db, workspaceId, agentId, expanded, searchConfigOf(language), limit);
}

/** A document is searched in its own language when it can be told, else in the agent's. */
function documentSearchConfig(content: string, agentLanguage: AgentLanguage | null): string {
  return searchConfigOf(detectLanguage(content.slice(0, 20_000)) ?? agentLanguage);
}

async function indexDocument(tx: Executor, workspaceId: number, row: repository.DocumentRow, agentLanguage: AgentLanguage): Promise<void> {
  const drafts = splitIntoPassages(row.format as DocumentFormat, row.content);
  await repository.replacePassages(tx, workspaceId, row, documentSearchConfig(row.content, agentLanguage), drafts);
}

async function agentOf(db: Executor, tenant: Tenant, reference: EntityReference) {
  const row = await findAgentRow(db, tenant.workspaceId, 'agent', reference);
  if (!row) throw notFound('agent', describeReference(reference));
  return row;
}

function checkSize(input: KnowledgeDocumentInput): void {
  const bytes = Buffer.byteLength(input.content, 'utf8');
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `content: ${bytes} bytes is over the ${MAX_DOCUMENT_BYTES}-byte limit of a document; split it`,
      {
        field: 'content',
        limit: MAX_DOCUMENT_BYTES,
      },
    );
  }
}

/** What events carry of a document: everything but its text (documents can be 200 KB). */
export type KnowledgeDocumentSummary = Omit<KnowledgeDocument, 'content'>;

function withoutContent(document: KnowledgeDocument): KnowledgeDocumentSummary {
  const { content: _content, ...rest } = document;
  return rest;
}
