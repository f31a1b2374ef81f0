import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { KnowledgeDocument } from '../../modules/knowledge/knowledge.service.js';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { referenceParams } from './agents.schemas.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import { knowledgeDocumentBody, knowledgeDocumentList, knowledgeDocumentSchema } from './knowledge.schemas.js';
import { numericId } from './params.js';

function serializeSummary(document: KnowledgeDocument) {
  return {
    id: document.id,
    uuid: document.uuid,
    agentId: document.agentUuid,
    title: document.title,
    format: document.format,
    sizeBytes: document.sizeBytes,
    passageCount: document.passageCount,
    searchLanguage: document.searchLanguage,
    createdAt: document.createdAt.toISOString(),
    updatedAt: document.updatedAt.toISOString(),
  };
}

const serializeDocument = (document: KnowledgeDocument) => ({ ...serializeSummary(document), content: document.content });

/** An agent's knowledge base at /agents/{id}/knowledge: documents its answers come from. */
export function knowledgeRoutes({ knowledge }: Services): FastifyPluginAsyncZod {
  const tags = ['Agent knowledge'];
  const agentParams = referenceParams('The agent');
  const documentParams = agentParams.extend({ documentId: numericId('Knowledge document id') });
  const item = { 200: knowledgeDocumentSchema, ...v1ErrorResponses };
  const write = { ...item, 413: v1ErrorSchema };
  return async (app) => {
    app.get(
      '/agents/:id/knowledge',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: "List an agent's knowledge documents",
          params: agentParams,
          querystring: listQueryStringSchema(MAX_PAGE_SIZE).pick({ page: true, pageSize: true, pageToken: true }),
          response: { 200: knowledgeDocumentList, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const query = fromQueryString(request.query, DEFAULT_PAGE_SIZE);
        const page = await knowledge.findDocuments(tenantOf(request), request.params.id, query);
        return { items: page.items.map(serializeSummary), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/agents/:id/knowledge',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Add a knowledge document',
          description: 'The document is split into passages (by headings and paragraphs) indexed for full-text search at once.',
          params: agentParams,
          body: knowledgeDocumentBody,
          response: write,
        },
      },
      async (request) => serializeDocument(await knowledge.createDocument(tenantOf(request), request.params.id, request.body)),
    );

    app.get(
      '/agents/:id/knowledge/:documentId',
      { config: { callers: ['api_key'] }, schema: { tags, summary: 'Get a knowledge document', params: documentParams, response: item } },
      async (request) => serializeDocument(await knowledge.getDocument(tenantOf(request), request.params.id, request.params.documentId)),
    );

    app.put(
      '/agents/:id/knowledge/:documentId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Replace a knowledge document',
          description: 'Title, format and content are replaced whole and the passages re-split.',
          params: documentParams,
          body: knowledgeDocumentBody,
          response: write,
        },
      },
      async (request) =>
        serializeDocument(await knowledge.replaceDocument(tenantOf(request), request.params.id, request.params.documentId, request.body)),
    );

    app.delete(
      '/agents/:id/knowledge/:documentId',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Delete a knowledge document (returns it)', params: documentParams, response: item },
      },
      async (request) => serializeDocument(await knowledge.deleteDocument(tenantOf(request), request.params.id, request.params.documentId)),
    );
  };
}
