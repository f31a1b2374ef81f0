import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSV_COLUMNS, type ExportFormat } from '../../modules/contacts/contact-export.repository.js';
import type { Services } from '../../services.js';
import { parseFilterBy, parseSortBy } from '../../shared/list-query.js';
import { tenantOf } from '../auth.js';
import { contactSchema } from './contacts.schemas.js';
import { v1ErrorResponses } from './errors.js';

const exportQuerySchema = z.object({
  filterBy: z.string().max(2000).optional().describe('Equality filters: `field:value;field:value`'),
  searchBy: z.string().max(200).optional().describe('Free-text search'),
  sortBy: z.string().max(500).optional().describe('Sort: `field=asc|desc` (default createdAt ascending)'),
});

/** CSV text: the header, then a chunk per batch of rows. */
async function* csvChunks(batches: AsyncGenerator<string[]>) {
  yield `${CSV_COLUMNS.join(',')}\n`;
  for await (const lines of batches) yield `${lines.join('\n')}\n`;
}

/** A JSON array written a batch at a time. */
async function* jsonChunks(batches: AsyncGenerator<string[]>) {
  let first = true;
  yield '[';
  for await (const lines of batches) {
    yield (first ? '' : ',') + lines.join(',');
    first = false;
  }
  yield ']\n';
}

const formats: Record<ExportFormat, { type: string; chunks: (batches: AsyncGenerator<string[]>) => AsyncGenerator<string> }> = {
  csv: { type: 'text/csv; charset=utf-8', chunks: csvChunks },
  json: { type: 'application/json; charset=utf-8', chunks: jsonChunks },
};

/**
 * The 200 answers as documented: `content` in a response schema's metadata becomes the
 * response's media types in the OpenAPI document (the CSV export is text/csv, not JSON).
 */
const csvResponse = z
  .string()
  .describe('CSV with a header row')
  .meta({ content: { 'text/csv': { schema: { type: 'string', description: `CSV with the header ${CSV_COLUMNS.join(',')}` } } } });
const jsonResponse = z.array(contactSchema).describe('Contacts, shaped as GetContact');

/** Streaming exports of the contacts list, with the list's filters, search and sort. */
export function contactsExportRoutes({ contacts }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    for (const format of ['csv', 'json'] as const) {
      app.get(
        `/contacts/export.${format}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags: ['Contacts'],
            summary: format === 'csv' ? 'Export contacts as CSV (streamed)' : 'Export contacts as a JSON array (streamed)',
            description: 'Every contact matching the filters, in one consistent snapshot. Archived contacts are left out.',
            querystring: exportQuerySchema,
            response: { 200: format === 'csv' ? csvResponse : jsonResponse, ...v1ErrorResponses },
          },
        },
        async (request, reply) => {
          const { filterBy, searchBy, sortBy } = request.query;
          const query = {
            filters: parseFilterBy(filterBy),
            search: searchBy?.trim() || undefined,
            sort: parseSortBy(sortBy),
            sortSource: 'sortBy',
          };
          const batches = await contacts.exportContacts(tenantOf(request), query, format);
          return (
            reply
              .type(formats[format].type)
              .header('content-disposition', `attachment; filename="contacts.${format}"`)
              // A stream is sent as it is: the 200 schema documents it, Fastify does not serialize it.
              .send(Readable.from(formats[format].chunks(batches)) as never)
          );
        },
      );
    }
  };
}
