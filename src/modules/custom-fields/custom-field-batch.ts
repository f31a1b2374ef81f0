import type { Executor } from '../../db/client.js';
import { invalid } from '../../shared/errors.js';
import { normalizeCustomFieldValue } from './custom-field-values.js';
import { findDefinitionsByKeys } from './custom-fields.repository.js';
import type { CustomFieldEntityType } from './custom-fields.schemas.js';

export type CustomFieldPatch = Record<string, unknown>;

/**
 * The check CustomFieldsService.mergeValues makes, for a whole batch of records: the
 * definitions of every key the batch uses are read once, instead of once per record.
 * The returned function checks one record's values and returns them in stored form, null
 * meaning "remove"; a bad value throws VALIDATION_FAILED naming `<prefix>.<key>`, with
 * mergeValues' messages.
 */
export async function loadCustomFieldChecker(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  valueSets: (Record<string, unknown> | undefined)[],
): Promise<(values: Record<string, unknown> | undefined, prefix: string) => CustomFieldPatch> {
  const keys = [...new Set(valueSets.flatMap((values) => (values ? Object.keys(values) : [])))];
  const definitions = await findDefinitionsByKeys(db, workspaceId, entityType, keys);
  const rules = new Map(
    definitions.map((definition) => [definition.fieldKey, { fieldType: definition.fieldType, options: new Set(definition.options) }]),
  );
  return (values, prefix) => {
    const patch: CustomFieldPatch = {};
    for (const [key, value] of Object.entries(values ?? {})) {
      const field = `${prefix}.${key}`;
      const rule = rules.get(key);
      if (!rule) throw invalid(field, `no ${entityType} custom field with this key is defined; create its definition first`);
      patch[key] = value === null || value === undefined ? null : normalizeCustomFieldValue(field, rule, value);
    }
    return patch;
  };
}

/** The record's values after the patch: keys sent replace, null removes, others stay. */
export function applyCustomFieldPatch(current: Record<string, unknown>, patch: CustomFieldPatch): Record<string, unknown> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
