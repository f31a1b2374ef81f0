import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { CustomFieldEntityType, CustomFieldType } from './custom-fields.schemas.js';
import { customFieldDefinitions, customFieldOptions } from './custom-fields.table.js';

export interface DefinitionWithOptions {
  id: number;
  fieldKey: string;
  fieldType: CustomFieldType;
  options: string[];
}

/** The definitions of one entity type named by `keys`, each with its LIST option values. */
export async function findDefinitionsByKeys(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  keys: string[],
): Promise<DefinitionWithOptions[]> {
  if (keys.length === 0) return [];
  const definitions = await db
    .select({ id: customFieldDefinitions.id, fieldKey: customFieldDefinitions.fieldKey, fieldType: customFieldDefinitions.fieldType })
    .from(customFieldDefinitions)
    .where(
      and(
        eq(customFieldDefinitions.workspaceId, workspaceId),
        eq(customFieldDefinitions.entityType, entityType),
        inArray(customFieldDefinitions.fieldKey, keys),
      ),
    );
  const listIds = definitions.filter((definition) => definition.fieldType === 'LIST').map((definition) => definition.id);
  const options =
    listIds.length === 0
      ? []
      : await db
          .select({ definitionId: customFieldOptions.definitionId, value: customFieldOptions.value })
          .from(customFieldOptions)
          .where(and(eq(customFieldOptions.workspaceId, workspaceId), inArray(customFieldOptions.definitionId, listIds)));
  return definitions.map((definition) => ({
    ...definition,
    fieldType: definition.fieldType as CustomFieldType,
    options: options.filter((option) => option.definitionId === definition.id).map((option) => option.value),
  }));
}
