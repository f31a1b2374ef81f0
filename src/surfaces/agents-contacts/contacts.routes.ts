import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaptureRow } from '../../modules/captures/captures.service.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { agentsContactsErrorResponses } from './errors.js';
import {
  agentParams,
  contactPageSchema,
  contactParams,
  contactSchema,
  filterQuerySchema,
  listQuerySchema,
  serializeCapture,
  statusBodySchema,
  toFilters,
} from './contacts.schemas.js';

const tags = ['Agents Contacts'];
const CSV_COLUMNS = Object.keys(contactSchema.shape) as Array<keyof z.infer<typeof contactSchema>>;

/** A spreadsheet would run a cell starting with = + - @ tab or CR as a formula: prefix it with a quote. */
export function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

async function* csvChunks(batches: AsyncGenerator<CaptureRow[]>) {
  yield stringify([CSV_COLUMNS]);
  for await (const rows of batches) {
    yield stringify(rows.map((row) => CSV_COLUMNS.map((column) => csvCell(serializeCapture(row)[column]))));
  }
}

async function* jsonChunks(batches: AsyncGenerator<CaptureRow[]>) {
  let first = true;
  yield '[';
  for await (const rows of batches) {
    yield (first ? '' : ',') + rows.map((row) => JSON.stringify(serializeCapture(row))).join(',');
    first = false;
  }
  yield ']\n';
}

/** 000's Agents Contacts: the contacts an agent captured, by its numeric id or uuid. */
export function agentContactsRoutes({ captures }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/:agent_id/contacts',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List returns captured contacts for an agent',
          description: 'Newest capture first. Filters: status, channel, date_from/date_to (capture time), search; page/per_page.',
          params: agentParams,
          querystring: listQuerySchema,
          response: { 200: contactPageSchema, ...agentsContactsErrorResponses },
        },
      },
      async (request) => {
        const { page, per_page: perPage, ...filters } = request.query;
        const found = await captures.findCaptures(tenantOf(request), request.params.agent_id, toFilters(filters), { page, perPage });
        return {
          data: found.rows.map(serializeCapture),
          meta: { current_page: page, last_page: Math.max(1, Math.ceil(found.total / perPage)), per_page: perPage, total: found.total },
        };
      },
    );

    for (const format of ['csv', 'json'] as const) {
      app.get(
        `/:agent_id/contacts/export.${format}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags,
            summary: `Export contacts as ${format.toUpperCase()} (streamed; changes no state)`,
            description:
              format === 'csv'
                ? 'A header row, then one row per contact in id order. Cells starting with = + - @ tab or CR are prefixed with a quote.'
                : 'A JSON array of contacts in id order, each shaped as Get.',
            params: agentParams,
            querystring: filterQuerySchema,
            response: { 200: z.unknown(), ...agentsContactsErrorResponses },
          },
        },
        async (request, reply) => {
          const batches = await captures.exportCaptures(tenantOf(request), request.params.agent_id, toFilters(request.query));
          return reply
            .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
            .header('content-disposition', `attachment; filename="contacts.${format}"`)
            .send(Readable.from(format === 'csv' ? csvChunks(batches) : jsonChunks(batches)));
        },
      );
    }

    app.get(
      '/:agent_id/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Get returns a single contact by ID',
          params: contactParams,
          response: { 200: contactSchema, ...agentsContactsErrorResponses },
        },
      },
      async (request) => serializeCapture(await captures.getCapture(tenantOf(request), request.params.agent_id, request.params.id)),
    );

    app.patch(
      '/:agent_id/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: "Set a contact's status (e.g. mark it exported)",
          params: contactParams,
          body: statusBodySchema,
          response: { 200: contactSchema, ...agentsContactsErrorResponses },
        },
      },
      async (request) =>
        serializeCapture(
          await captures.setCaptureStatus(tenantOf(request), request.params.agent_id, request.params.id, request.body.status),
        ),
    );

    app.delete(
      '/:agent_id/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Delete removes a contact (soft-deletes its chat session)',
          params: contactParams,
          response: { 204: z.null().describe('Deleted'), ...agentsContactsErrorResponses },
        },
      },
      async (request, reply) => {
        await captures.deleteCapture(tenantOf(request), request.params.agent_id, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
