import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { invalid } from '../../shared/errors.js';
import { fromQueryString } from '../../shared/list-query.js';
import { DEFAULT_PAGE_SIZE } from '../../shared/paging.js';
import { tenantOf } from '../auth.js';
import {
  createDefinitionBodySchema,
  createOptionBodySchema,
  customFieldsListQuerySchema,
  definitionPageSchema,
  definitionParamsSchema,
  definitionSchema,
  deleteDefinitionQuerySchema,
  optionPageSchema,
  optionParamsSchema,
  optionSchema,
  optionsParamsSchema,
  updateDefinitionBodySchema,
  updateOptionBodySchema,
} from './custom-fields.schemas.js';
import { serializeDefinition, serializeOption, serializePage } from './custom-fields.serializers.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';

const tags = ['Custom fields'];
const withConflict = { ...v1ErrorResponses, 409: v1ErrorSchema };
const DEFINITIONS = '/custom-fields/definitions';
const OPTIONS = `${DEFINITIONS}/:definitionId/options`;

/** The v1 custom field definitions and LIST options (seed 003). */
export function customFieldsRoutes(services: Services): FastifyPluginAsyncZod {
  const { definitions, options } = services.customFields;

  return async (app) => {
    app.get(
      DEFINITIONS,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCustomFieldDefinitions',
          summary: 'List custom field definitions',
          description:
            'filterBy: `entityType`, `fieldType`, `fieldKey`, `id`. sortBy: `createdAt` (default, ascending), `updatedAt`, `fieldKey`, `id`. searchBy matches fieldKey and fieldLabel.',
          querystring: customFieldsListQuerySchema,
          response: { 200: definitionPageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const page = await definitions.findDefinitions(tenantOf(request), fromQueryString(request.query, DEFAULT_PAGE_SIZE));
        return serializePage(page, serializeDefinition);
      },
    );

    app.post(
      DEFINITIONS,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateCustomFieldDefinition',
          summary: 'Create a custom field definition',
          description: 'fieldKey is unique per entity type in the workspace (409 otherwise).',
          body: createDefinitionBodySchema,
          response: { 200: definitionSchema, ...withConflict },
        },
      },
      async (request) => serializeDefinition(await definitions.createDefinition(tenantOf(request), request.body)),
    );

    app.get(
      `${DEFINITIONS}/:id`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCustomFieldDefinition',
          summary: 'Get a custom field definition',
          params: definitionParamsSchema,
          response: { 200: definitionSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeDefinition(await definitions.getDefinitionById(tenantOf(request), request.params.id)),
    );

    app.put(
      `${DEFINITIONS}/:id`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateCustomFieldDefinition',
          summary: 'Update a custom field definition',
          description:
            'Partial: only the properties sent change. Renaming fieldKey moves the values records hold. Changing fieldType or entityType while records hold values is a 409.',
          params: definitionParamsSchema,
          body: updateDefinitionBodySchema,
          response: { 200: definitionSchema, ...withConflict },
        },
      },
      async (request) => {
        const { id: _id, tenantId: _tenantId, createdAt: _createdAt, updatedAt: _updatedAt, ...changes } = request.body;
        return serializeDefinition(await definitions.updateDefinition(tenantOf(request), request.params.id, changes));
      },
    );

    app.delete(
      `${DEFINITIONS}/:id`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteCustomFieldDefinition',
          summary: 'Delete a custom field definition and its options',
          description:
            'While records hold values under its key this is a 409 unless force=true, which removes those values too. Returns the deleted definition.',
          params: definitionParamsSchema,
          querystring: deleteDefinitionQuerySchema,
          response: { 200: definitionSchema, ...withConflict },
        },
      },
      async (request) => {
        const force = request.query.force ?? false;
        return serializeDefinition(await definitions.deleteDefinition(tenantOf(request), request.params.id, { force }));
      },
    );

    app.get(
      OPTIONS,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCustomFieldListOptions',
          summary: 'List the options of a LIST definition',
          description:
            'filterBy: `value`, `definitionId`, `id`. sortBy: `createdAt` (default, ascending), `updatedAt`, `value`, `id`. searchBy matches value and label.',
          params: optionsParamsSchema,
          querystring: customFieldsListQuerySchema,
          response: { 200: optionPageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const query = fromQueryString(request.query, DEFAULT_PAGE_SIZE);
        return serializePage(await options.findOptions(tenantOf(request), request.params.definitionId, query), serializeOption);
      },
    );

    app.post(
      OPTIONS,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateCustomFieldListOption',
          summary: 'Add an option to a LIST definition',
          description: 'Only LIST definitions have options (400 otherwise). value is unique per definition (409 otherwise).',
          params: optionsParamsSchema,
          body: createOptionBodySchema,
          response: { 200: optionSchema, ...withConflict },
        },
      },
      async (request) => {
        const { definitionId: bodyDefinitionId, ...input } = request.body;
        const definitionId = matchingDefinitionId(request.params.definitionId, bodyDefinitionId);
        return serializeOption(await options.createOption(tenantOf(request), definitionId, input));
      },
    );

    app.get(
      `${OPTIONS}/:optionId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetCustomFieldListOption',
          summary: 'Get an option of a LIST definition',
          params: optionParamsSchema,
          response: { 200: optionSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { definitionId, optionId } = request.params;
        return serializeOption(await options.getOptionById(tenantOf(request), definitionId, optionId));
      },
    );

    app.put(
      `${OPTIONS}/:optionId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateCustomFieldListOption',
          summary: 'Update an option of a LIST definition',
          description: 'Partial: only the properties sent change. A new value replaces the old one on every record holding it.',
          params: optionParamsSchema,
          body: updateOptionBodySchema,
          response: { 200: optionSchema, ...withConflict },
        },
      },
      async (request) => {
        const {
          definitionId: bodyDefinitionId,
          id: _id,
          tenantId: _tenantId,
          createdAt: _createdAt,
          updatedAt: _updatedAt,
          ...changes
        } = request.body;
        const definitionId = matchingDefinitionId(request.params.definitionId, bodyDefinitionId);
        return serializeOption(await options.updateOption(tenantOf(request), definitionId, request.params.optionId, changes));
      },
    );

    app.delete(
      `${OPTIONS}/:optionId`,
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteCustomFieldListOption',
          summary: 'Delete an option of a LIST definition',
          description: 'Clears the value from every record holding it. Returns the deleted option.',
          params: optionParamsSchema,
          response: { 200: optionSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { definitionId, optionId } = request.params;
        return serializeOption(await options.deleteOption(tenantOf(request), definitionId, optionId));
      },
    );
  };
}

/** 003's option bodies repeat the definitionId; the path's wins, and a different one is a mistake. */
function matchingDefinitionId(pathId: number, bodyId: number | undefined): number {
  if (bodyId !== undefined && bodyId !== pathId) throw invalid('definitionId', `is ${bodyId} in the body but ${pathId} in the path`);
  return pathId;
}
