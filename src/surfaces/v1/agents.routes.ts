import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Agent, AgentInput, AgentVersion, ResponderKind } from '../../modules/agents/agents.schemas.js';
import type { Services } from '../../services.js';
import { fromQueryString, listQueryStringSchema } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import { referenceParams, responderSchemas } from './agents.schemas.js';
import { v1ErrorResponses } from './errors.js';

function serializeAgent(agent: Agent) {
  const { kind: _kind, settings, ...rest } = agent;
  return { ...rest, ...settings, createdAt: agent.createdAt.toISOString(), updatedAt: agent.updatedAt.toISOString() };
}

/** Splits a flat write body into the name/picture and the kind's settings. */
function toInput<T extends { name?: string; picture?: string | null }>(kind: ResponderKind, body: T): AgentInput & T {
  const { name, picture, ...settings } = body;
  const base = { ...(name === undefined ? {} : { name }), ...(picture === undefined ? {} : { picture }) } as T;
  return { ...base, ...(kind === 'agent' ? { agent: settings } : { squad: settings }) };
}

function serializeVersion(version: AgentVersion) {
  return {
    id: version.uuid,
    version: version.version,
    name: version.name,
    picture: version.picture,
    ...version.settings,
    createdAt: version.createdAt.toISOString(),
  };
}

/** CRUD of agents or squads at /agents or /squads: the same operations over one responder table. */
export function responderRoutes(kind: ResponderKind, { agents }: Services): FastifyPluginAsyncZod {
  const path = kind === 'agent' ? '/agents' : '/squads';
  const title = kind === 'agent' ? 'agent' : 'squad';
  const tags = [kind === 'agent' ? 'Agents' : 'Squads'];
  const schemas = responderSchemas(kind);
  const params = referenceParams(`The ${title}`);
  const item = { 200: schemas.item, ...v1ErrorResponses };
  return async (app) => {
    app.get(
      path,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: `List ${title}s`,
          description:
            'Filter with `filterBy=name:...`, sort with `sortBy` (name, version, createdAt, updatedAt), page with `pageToken` or `page`.',
          querystring: listQueryStringSchema(MAX_PAGE_SIZE),
          response: { 200: schemas.list, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await agents.findAgents(tenantOf(request), kind, fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return { items: page.items.map(serializeAgent), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );

    app.post(
      path,
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: `Create a ${title} (version 1)`, body: schemas.createBody, response: item },
      },
      async (request) => serializeAgent(await agents.createAgent(tenantOf(request), kind, toInput(kind, request.body))),
    );

    app.get(
      `${path}/:id`,
      { config: { callers: ['api_key'] }, schema: { tags, summary: `Get a ${title}`, params, response: item } },
      async (request) => serializeAgent(await agents.getAgent(tenantOf(request), kind, request.params.id)),
    );

    for (const method of ['PUT', 'PATCH'] as const) {
      app.route({
        method,
        url: `${path}/:id`,
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: `Update a ${title} (a change makes a new version)`,
          description: 'Only the fields sent change. A request that changes nothing keeps the version.',
          params,
          body: schemas.updateBody,
          response: item,
        },
        handler: async (request) =>
          serializeAgent(await agents.updateAgent(tenantOf(request), kind, request.params.id, toInput(kind, request.body))),
      });
    }

    app.delete(
      `${path}/:id`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: `Delete a ${title} (returns it)`,
          description: 'Chats it answered keep naming it.',
          params,
          response: item,
        },
      },
      async (request) => serializeAgent(await agents.deleteAgent(tenantOf(request), kind, request.params.id)),
    );

    app.get(
      `${path}/:id/versions`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: `List the versions of a ${title} (newest first)`,
          params,
          querystring: listQueryStringSchema(MAX_PAGE_SIZE).pick({ page: true, pageSize: true, pageToken: true }),
          response: { 200: schemas.versionList, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await agents.findVersions(
          tenantOf(request),
          kind,
          request.params.id,
          fromQueryString(request.query, DEFAULT_PAGE_SIZE),
        );
        return { items: page.items.map(serializeVersion), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
      },
    );
  };
}

export const agentsRoutes = (services: Services) => responderRoutes('agent', services);
