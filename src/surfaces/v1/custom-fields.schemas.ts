import { z } from 'zod';
import { customFieldEntityTypeSchema, customFieldTypeSchema, fieldKeySchema } from '../../modules/custom-fields/custom-fields.schemas.js';
import { listQueryStringSchema } from '../../shared/list-query.js';
import { MAX_PAGE_SIZE } from '../../shared/paging.js';

/** The v1 wire shapes of custom field definitions and options (seed 003). */

const TENANT_EXAMPLE = '4f1c2b9e-8a43-4d1e-9c55-2a7b1e0f6d3a';
const CREATED_EXAMPLE = '2025-03-01T09:30:00.000Z';
const UPDATED_EXAMPLE = '2025-03-02T14:05:00.000Z';

const idSchema = (what: string) =>
  z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe(`${what} id`).meta({ example: 12 });

const fieldLabelSchema = z.string().trim().min(1).max(200).nullable().describe('Human-readable label').meta({ example: 'Lead source' });
const definitionDescriptionSchema = z
  .string()
  .max(2000)
  .nullable()
  .describe('What the field is for')
  .meta({ example: 'Where the contact first heard of us' });
const optionValueSchema = z.string().min(1).max(500).describe('The value stored on records').meta({ example: 'web' });
const optionLabelSchema = z.string().max(200).nullable().describe('Human-readable label for the value').meta({ example: 'Website' });
const optionDescriptionSchema = z
  .string()
  .max(2000)
  .nullable()
  .describe('What the option means')
  .meta({ example: 'Signed up on the website' });

// The read-only properties 003's update sample sends back: accepted and ignored on PUT.
const echoedProperties = {
  id: z.number().optional().describe('Ignored: the id in the path wins'),
  tenantId: z.string().optional().describe('Ignored: the API key decides the workspace'),
  createdAt: z.string().optional().describe('Ignored (read-only)'),
  updatedAt: z.string().optional().describe('Ignored (read-only)'),
};

export const definitionExample = {
  id: 12,
  tenantId: TENANT_EXAMPLE,
  entityType: 'CONTACT',
  fieldKey: 'source',
  fieldLabel: 'Lead source',
  fieldType: 'LIST',
  description: 'Where the contact first heard of us',
  createdAt: CREATED_EXAMPLE,
  updatedAt: UPDATED_EXAMPLE,
} as const;

export const definitionSchema = z
  .object({
    id: z.number().int().describe('Definition id'),
    tenantId: z.string().describe('The workspace id'),
    entityType: customFieldEntityTypeSchema,
    fieldKey: z.string().describe('Key under which records store the value'),
    fieldLabel: z.string().nullable().describe('Human-readable label'),
    fieldType: customFieldTypeSchema,
    description: z.string().nullable().describe('What the field is for'),
    createdAt: z.iso.datetime().describe('When the definition was created'),
    updatedAt: z.iso.datetime().describe('When the definition last changed'),
  })
  .describe('A custom field definition')
  .meta({ id: 'CustomFieldDefinition', example: definitionExample });

export const definitionPageSchema = z
  .object({
    items: z.array(definitionSchema),
    nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last page'),
    totalCount: z.number().int().describe('Definitions matching the filters'),
  })
  .meta({ id: 'CustomFieldDefinitionPage' });

export const createDefinitionBodySchema = z
  .object({
    entityType: customFieldEntityTypeSchema,
    fieldKey: fieldKeySchema,
    fieldLabel: fieldLabelSchema.optional(),
    fieldType: customFieldTypeSchema,
    description: definitionDescriptionSchema.optional(),
  })
  .strict()
  .meta({
    id: 'CreateCustomFieldDefinition',
    example: {
      entityType: 'CONTACT',
      fieldKey: 'source',
      fieldLabel: 'Lead source',
      fieldType: 'LIST',
      description: 'Where the contact first heard of us',
    },
  });

export const updateDefinitionBodySchema = z
  .object({
    entityType: customFieldEntityTypeSchema.optional(),
    fieldKey: fieldKeySchema.optional(),
    fieldLabel: fieldLabelSchema.optional(),
    fieldType: customFieldTypeSchema.optional(),
    description: definitionDescriptionSchema.optional(),
    ...echoedProperties,
  })
  .strict()
  .describe('Only the properties sent change; null clears fieldLabel or description')
  .meta({ id: 'UpdateCustomFieldDefinition', example: { fieldLabel: 'How they found us' } });

export const optionExample = {
  id: 31,
  tenantId: TENANT_EXAMPLE,
  definitionId: 12,
  value: 'web',
  label: 'Website',
  description: 'Signed up on the website',
  createdAt: CREATED_EXAMPLE,
  updatedAt: UPDATED_EXAMPLE,
} as const;

export const optionSchema = z
  .object({
    id: z.number().int().describe('Option id'),
    tenantId: z.string().describe('The workspace id'),
    definitionId: z.number().int().describe('The LIST definition the option belongs to'),
    value: z.string().describe('The value stored on records'),
    label: z.string().nullable().describe('Human-readable label for the value'),
    description: z.string().nullable().describe('What the option means'),
    createdAt: z.iso.datetime().describe('When the option was created'),
    updatedAt: z.iso.datetime().describe('When the option last changed'),
  })
  .describe('An allowed value of a LIST custom field')
  .meta({ id: 'CustomFieldListOption', example: optionExample });

export const optionPageSchema = z
  .object({
    items: z.array(optionSchema),
    nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last page'),
    totalCount: z.number().int().describe('Options matching the filters'),
  })
  .meta({ id: 'CustomFieldListOptionPage' });

const bodyDefinitionIdSchema = z.number().int().positive().optional().describe('Must equal the definitionId in the path when sent');

export const createOptionBodySchema = z
  .object({
    definitionId: bodyDefinitionIdSchema,
    value: optionValueSchema,
    label: optionLabelSchema.optional(),
    description: optionDescriptionSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateCustomFieldListOption', example: { value: 'web', label: 'Website' } });

export const updateOptionBodySchema = z
  .object({
    definitionId: bodyDefinitionIdSchema,
    value: optionValueSchema.optional(),
    label: optionLabelSchema.optional(),
    description: optionDescriptionSchema.optional(),
    ...echoedProperties,
  })
  .strict()
  .describe('Only the properties sent change; a new value is rewritten on every record holding the old one')
  .meta({ id: 'UpdateCustomFieldListOption', example: { label: 'Our website' } });

export const definitionParamsSchema = z.object({ id: idSchema('Definition') });
export const optionsParamsSchema = z.object({ definitionId: idSchema('Definition') });
export const optionParamsSchema = z.object({ definitionId: idSchema('Definition'), optionId: idSchema('Option') });

export const customFieldsListQuerySchema = listQueryStringSchema(MAX_PAGE_SIZE).extend({
  tenantId: z.string().max(100).optional().describe('Ignored: the API key decides the workspace'),
});

export const deleteDefinitionQuerySchema = z.object({
  force: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Also remove the values records hold under this key (without it, existing values make the delete a 409)')
    .meta({ example: 'false' }),
});
