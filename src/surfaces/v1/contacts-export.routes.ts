import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Contact } from '../../modules/contacts/contacts.schemas.js';
import type { Services } from '../../services.js';
import { parseFilterBy, parseSortBy } from '../../shared/list-query.js';
import type { Tenant } from '../../shared/tenant.js';
import { tenantOf } from '../auth.js';
import { serializeContact } from './contacts.serializers.js';
import { v1ErrorResponses } from './errors.js';

const exportQuerySchema = z.object({
  filterBy: z.string().max(2000).optional().describe('Equality filters: `field:value;field:value`'),
  searchBy: z.string().max(200).optional().describe('Free-text search'),
  sortBy: z.string().max(500).optional().describe('Sort: `field=asc|desc` (default createdAt ascending)'),
});

const CSV_COLUMNS = [
  'id',
  'firstName',
  'lastName',
  'email',
  'phone',
  'companyPosition',
  'contactCompanyId',
  'userId',
  'providerId',
  'providerName',
  'nationalId',
  'createdAt',
  'updatedAt',
  'addresses',
  'customFields',
] as const;

/** One CSV row: addresses as `CHANNEL:address` joined by `|`, custom fields as JSON. */
function csvRow(contact: Contact): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  const wire = serializeContact(contact);
  return {
    ...wire,
    addresses: contact.addresses.map((address) => `${address.channelType}:${address.address}`).join('|'),
    customFields: JSON.stringify(contact.customFields),
  };
}

/** CSV text, one chunk per batch (formatting row by row through a stream costs more than the query). */
async function* csvChunks(batches: AsyncGenerator<Contact[]>) {
  let header = true;
  for await (const batch of batches) {
    yield stringify(batch.map(csvRow), { header, columns: [...CSV_COLUMNS] });
    header = false;
  }
  if (header) yield stringify([], { header: true, columns: [...CSV_COLUMNS] });
}

/** A JSON array written element by element. */
async function* jsonChunks(batches: AsyncGenerator<Contact[]>) {
  let first = true;
  yield '[';
  for await (const batch of batches) {
    const parts = batch.map((contact) => JSON.stringify(serializeContact(contact)));
    if (parts.length === 0) continue;
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield ']\n';
}

/** Streaming exports of the contacts list, with the list's filters, search and sort. */
export function contactsExportRoutes({ contacts }: Services): FastifyPluginAsyncZod {
  const batches = (tenant: Tenant, query: z.infer<typeof exportQuerySchema>) =>
    contacts.exportContacts(tenant, {
      filters: parseFilterBy(query.filterBy),
      search: query.searchBy?.trim() || undefined,
      sort: parseSortBy(query.sortBy),
      sortSource: 'sortBy',
    });

  /** Pulls the first batch before answering, so bad filters are a 400, not a broken stream. */
  async function started(tenant: Tenant, query: z.infer<typeof exportQuerySchema>): Promise<AsyncGenerator<Contact[]>> {
    const source = batches(tenant, query);
    const first = await source.next();
    return (async function* () {
      if (!first.done) yield first.value;
      yield* source;
    })();
  }

  return async (app) => {
    app.get(
      '/contacts/export.csv',
      {
        schema: {
          tags: ['Contacts'],
          summary: 'Export contacts as CSV (streamed)',
          querystring: exportQuerySchema,
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with a header row'), ...v1ErrorResponses },
        },
      },
      async (request, reply) => {
        const source = await started(tenantOf(request), request.query);
        const csv = Readable.from(csvChunks(source));
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="contacts.csv"')
          .send(csv as never); // streams bypass the response serializer
      },
    );

    app.get(
      '/contacts/export.json',
      {
        schema: {
          tags: ['Contacts'],
          summary: 'Export contacts as a JSON array (streamed)',
          querystring: exportQuerySchema,
          response: { 200: z.array(z.unknown()).describe('Contacts, shaped as GetContact'), ...v1ErrorResponses },
        },
      },
      async (request, reply) => {
        const source = await started(tenantOf(request), request.query);
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', 'attachment; filename="contacts.json"')
          .send(Readable.from(jsonChunks(source)) as never);
      },
    );
  };
}
