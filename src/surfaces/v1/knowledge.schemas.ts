import { z } from 'zod';
import { MAX_DOCUMENT_BYTES } from '../../modules/knowledge/knowledge.service.js';

const documentFields = {
  title: z.string().trim().min(1).max(300).describe('What the document is about; weighed in retrieval').meta({ example: 'Opening hours' }),
  format: z
    .enum(['text', 'markdown'], { error: 'must be text or markdown' })
    .describe('markdown: headings split passages and marks are stripped; text: paragraphs (blank lines) split passages')
    .meta({ example: 'markdown' }),
  content: z
    .string()
    .min(1, 'must not be empty')
    .describe(`The document (at most ${MAX_DOCUMENT_BYTES} bytes in UTF-8; larger is a 413)`)
    .meta({ example: '# Opening hours\n\nWe are open Monday to Friday, 9:00 to 18:00, and Saturdays 10:00 to 14:00.' }),
};

export const knowledgeDocumentBody = z
  .object({ ...documentFields, format: documentFields.format.default('text') })
  .strict()
  .meta({ id: 'KnowledgeDocumentBody' });

const summaryFields = {
  id: z.number().int().describe('Document id').meta({ example: 3 }),
  uuid: z.uuid().describe('Document uuid (a passage names its document by it)'),
  agentId: z.uuid().describe('Uuid of the agent whose knowledge it is'),
  title: documentFields.title,
  format: documentFields.format,
  sizeBytes: z.number().int().describe('Size of the content in UTF-8 bytes').meta({ example: 1840 }),
  passageCount: z.number().int().describe('Passages it was split into for search').meta({ example: 4 }),
  searchLanguage: z
    .string()
    .describe('Text search configuration of its passages: english, spanish or simple (detected from the content, else the agent language)')
    .meta({ example: 'english' }),
  createdAt: z.string().meta({ example: '2025-03-01T09:30:00.000Z' }),
  updatedAt: z.string().meta({ example: '2025-03-01T09:30:00.000Z' }),
};

export const knowledgeDocumentSummary = z.object(summaryFields).meta({ id: 'KnowledgeDocumentSummary' });
export const knowledgeDocumentSchema = z.object({ ...summaryFields, content: documentFields.content }).meta({ id: 'KnowledgeDocument' });
export const knowledgeDocumentList = z
  .object({
    items: z.array(knowledgeDocumentSummary).describe('Documents, oldest first, without their content'),
    nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last page'),
    totalCount: z.number(),
  })
  .meta({ id: 'KnowledgeDocumentList' });
