import { z } from 'zod';

export const customFieldEntityTypes = ['CONTACT', 'COMPANY', 'FUNNEL_CONVERSATION', 'FUNNEL_CHANNEL_SESSION', 'PRODUCT'] as const;
export const customFieldTypes = ['STRING', 'NUMBER', 'DATE', 'BOOLEAN', 'LIST', 'FILE'] as const;

export type CustomFieldEntityType = (typeof customFieldEntityTypes)[number];
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldEntityTypeSchema = z
  .enum(customFieldEntityTypes)
  .describe('The kind of record the field belongs to')
  .meta({ id: 'CustomFieldEntityType', example: 'CONTACT' });

export const customFieldTypeSchema = z
  .enum(customFieldTypes)
  .describe('The type every value of the field must have')
  .meta({ id: 'CustomFieldType', example: 'STRING' });

/** Keys become JSON object keys and filter paths (`customFields.<key>`), so they stay simple. */
export const fieldKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must start with a letter and hold only letters, digits and _ (at most 64)')
  .describe('Unique key of the field within its entity type')
  .meta({ example: 'source' });

/** Custom field values as sent on a write: keyed by fieldKey; null removes a value. */
export const customFieldValuesSchema = z
  .record(z.string(), z.unknown())
  .describe('Values keyed by custom field `fieldKey`, validated against the definitions; null removes a value')
  .meta({ example: { source: 'web' } });

export interface CustomFieldDefinition {
  id: number;
  tenantId: string;
  entityType: CustomFieldEntityType;
  fieldKey: string;
  fieldLabel: string | null;
  fieldType: CustomFieldType;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomFieldOption {
  id: number;
  tenantId: string;
  definitionId: number;
  value: string;
  label: string | null;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCustomFieldDefinition {
  entityType: CustomFieldEntityType;
  fieldKey: string;
  fieldLabel?: string | null;
  fieldType: CustomFieldType;
  description?: string | null;
}

/** A partial update: only the properties present change; null clears a label or description. */
export type CustomFieldDefinitionChanges = Partial<NewCustomFieldDefinition>;

export interface NewCustomFieldOption {
  value: string;
  label?: string | null;
  description?: string | null;
}

export type CustomFieldOptionChanges = Partial<NewCustomFieldOption>;
