import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Company } from '../../modules/companies/companies.schemas.js';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { companyListSchema, companySchema, createCompanyBodySchema, updateCompanyBodySchema } from './companies.schemas.js';
import { v1ErrorResponses } from './errors.js';
import { idParams } from './params.js';

const tags = ['Companies'];
const params = idParams('Company id');

function serializeCompany(company: Company): z.infer<typeof companySchema> {
  return { ...company, createdAt: company.createdAt.toISOString(), updatedAt: company.updatedAt.toISOString() };
}

export function companiesRoutes({ companies }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/companies',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List companies',
          description: 'Same `filterBy`, `searchBy` (name and domain), `sortBy` and paging as the contacts list.',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: companyListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await companies.findCompanies(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeCompany), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      '/companies',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Create a company', body: createCompanyBodySchema, response: { 200: companySchema, ...v1ErrorResponses } },
      },
      async (request) => serializeCompany(await companies.createCompany(tenantOf(request), request.body)),
    );

    app.get(
      '/companies/:id',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a company', params, response: { 200: companySchema, ...v1ErrorResponses } },
      },
      async (request) => serializeCompany(await companies.getCompanyById(tenantOf(request), request.params.id)),
    );

    app.put(
      '/companies/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a company (only the fields sent change)',
          params,
          body: updateCompanyBodySchema,
          response: { 200: companySchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { id: _id, tenantId: _tenantId, createdAt: _createdAt, updatedAt: _updatedAt, ...input } = request.body;
        return serializeCompany(await companies.updateCompany(tenantOf(request), request.params.id, input));
      },
    );

    app.delete(
      '/companies/:id',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Delete a company (returns it)',
          description: 'Its contacts are kept and no longer linked to it.',
          params,
          response: { 200: companySchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeCompany(await companies.deleteCompany(tenantOf(request), request.params.id)),
    );
  };
}
