import type { z } from 'zod';
import type { CustomFieldDefinition, CustomFieldOption } from '../../modules/custom-fields/custom-fields.schemas.js';
import type { Page } from '../../shared/paging.js';
import type { definitionSchema, optionSchema } from './custom-fields.schemas.js';

type DefinitionWire = z.infer<typeof definitionSchema>;
type OptionWire = z.infer<typeof optionSchema>;

export function serializeDefinition(definition: CustomFieldDefinition): DefinitionWire {
  return {
    id: definition.id,
    tenantId: definition.tenantId,
    entityType: definition.entityType,
    fieldKey: definition.fieldKey,
    fieldLabel: definition.fieldLabel,
    fieldType: definition.fieldType,
    description: definition.description,
    createdAt: definition.createdAt.toISOString(),
    updatedAt: definition.updatedAt.toISOString(),
  };
}

export function serializeOption(option: CustomFieldOption): OptionWire {
  return {
    id: option.id,
    tenantId: option.tenantId,
    definitionId: option.definitionId,
    value: option.value,
    label: option.label,
    description: option.description,
    createdAt: option.createdAt.toISOString(),
    updatedAt: option.updatedAt.toISOString(),
  };
}

export function serializePage<T, Wire>(page: Page<T>, serialize: (item: T) => Wire) {
  return { items: page.items.map(serialize), nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0 };
}
