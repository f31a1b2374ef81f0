import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import {
  contactListSchema,
  contactSchema,
  createContactBodySchema,
  searchContactsBodySchema,
  searchContactsResultSchema,
  updateContactBodySchema,
} from './contacts.schemas.js';
import { serializeContact, serializeSearchedContact } from './contacts.serializers.js';
import { v1ErrorResponses } from './errors.js';
import { idParams } from './params.js';

const tags = ['Contacts'];
const params = idParams('Contact id');

export function contactsRoutes({ contacts }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contacts',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List contacts',
          description:
            'Filter with `filterBy=field:value;field:value`, search with `searchBy`, sort with `sortBy=field=asc|desc`, page with `pageToken` (or `page`).',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: contactListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await contacts.findContacts(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeContact), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/contacts',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Create a contact', body: createContactBodySchema, response: { 200: contactSchema, ...v1ErrorResponses } },
      },
      async (request) => {
        const { createdAt, ...input } = request.body;
        const contact = await contacts.createContact(tenantOf(request), {
          ...input,
          createdAt: createdAt ? new Date(createdAt) : undefined,
        });
        return serializeContact(contact);
      },
    );

    app.post(
      '/contacts/search',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Search contacts',
          description:
            'Filters combine with AND; a filter with `or: true` is OR-ed with the one before it (AND binds tighter). Operators: eq, neq, contains, startsWith, gt, gte, lt, lte, in, exists.',
          body: searchContactsBodySchema,
          response: { 200: searchContactsResultSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const body = request.body;
        const page = await contacts.findContacts(tenantOf(request), {
          filters: (body.filters ?? []).map((filter, index) => ({ ...filter, source: `filters[${index}]` })),
          search: body.search?.trim() || undefined,
          sort: body.sort ?? [],
          pageSize: body.size ?? DEFAULT_PAGE_SIZE,
          pageToken: body.pageToken,
          includeArchived: body.includeArchived ?? false,
          includeTotalCount: body.includeTotalCount ?? false,
        });
        return { items: page.items.map(serializeSearchedContact), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
      },
    );

    app.get(
      '/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a contact', params, response: { 200: contactSchema, ...v1ErrorResponses } },
      },
      async (request) => serializeContact(await contacts.getContactById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a contact',
          description: 'Only the fields sent change. `addresses` replaces the list; `customFields` merges (null removes a value).',
          params,
          body: updateContactBodySchema,
          response: { 200: contactSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const {
          id: _id,
          uuid: _uuid,
          archivedAt: _archivedAt,
          blocked: _blocked,
          tenantId: _tenantId,
          createdAt: _createdAt,
          updatedAt: _updatedAt,
          ...input
        } = request.body;
        return serializeContact(await contacts.updateContact(tenantOf(request), request.params.id, input));
      },
    );

    app.delete(
      '/contacts/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Delete a contact (returns it)', params, response: { 200: contactSchema, ...v1ErrorResponses } },
      },
      async (request) => serializeContact(await contacts.deleteContact(tenantOf(request), request.params.id)),
    );

    for (const [action, archived] of [
      ['archive', true],
      ['unarchive', false],
    ] as const) {
      app.post(
        `/contacts/:id/${action}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags,
            summary: archived ? 'Archive a contact (hidden from lists and search unless includeArchived)' : 'Restore an archived contact',
            params,
            body: z.object({}).strict().nullish(),
            response: { 200: contactSchema, ...v1ErrorResponses },
          },
        },
        async (request) => serializeContact(await contacts.setArchived(tenantOf(request), request.params.id, archived)),
      );
    }

    for (const [action, blocked] of [
      ['block', true],
      ['unblock', false],
    ] as const) {
      app.post(
        `/contacts/:id/${action}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags,
            summary: blocked
              ? 'Block a contact (their messages are stored but never answered and reopen no chat)'
              : 'Unblock a contact (agents answer them again)',
            params,
            body: z.object({}).strict().nullish(),
            response: { 200: contactSchema, ...v1ErrorResponses },
          },
        },
        async (request) => serializeContact(await contacts.setBlocked(tenantOf(request), request.params.id, blocked)),
      );
    }
  };
}
