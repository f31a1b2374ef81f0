import type { Database, Executor } from '../../db/client.js';
import { invalid } from '../../shared/errors.js';
import { CustomFieldDefinitionsService } from './custom-field-definitions.service.js';
import { CustomFieldOptionsService } from './custom-field-options.service.js';
import { normalizeCustomFieldValue } from './custom-field-values.js';
import * as repository from './custom-fields.repository.js';
import type { CustomFieldEntityType, CustomFieldType } from './custom-fields.schemas.js';

/**
 * The custom fields module: definitions and their LIST options (managed through
 * `definitions` and `options`), and the validation of values other modules store.
 */
export class CustomFieldsService {
  readonly definitions: CustomFieldDefinitionsService;
  readonly options: CustomFieldOptionsService;

  constructor(private readonly db: Database) {
    this.definitions = new CustomFieldDefinitionsService(db);
    this.options = new CustomFieldOptionsService(db);
  }

  /**
   * Validates the custom field values of a write against the workspace's definitions and
   * merges them into `current`: keys sent replace their values, null removes a value, keys
   * not sent stay. An unknown key, a wrong type, a LIST value that is no option or a
   * malformed DATE is a VALIDATION_FAILED naming `customFields.<key>`.
   */
  async mergeValues(
    db: Executor,
    workspaceId: number,
    entityType: CustomFieldEntityType,
    values: Record<string, unknown>,
    current: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const keys = Object.keys(values);
    const definitions = await repository.findDefinitionsByKeys(db, workspaceId, entityType, keys);
    const byKey = new Map(definitions.map((definition) => [definition.fieldKey, definition]));
    const merged = { ...current };
    for (const key of keys) {
      const field = `customFields.${key}`;
      const definition = byKey.get(key);
      if (!definition) throw invalid(field, `no ${entityType} custom field with this key is defined; create its definition first`);
      const value = values[key];
      if (value === null || value === undefined) {
        delete merged[key];
        continue;
      }
      merged[key] = normalizeCustomFieldValue(field, { fieldType: definition.fieldType, options: new Set(definition.options) }, value);
    }
    return merged;
  }

  /** The type of a custom field, for filters on `customFields.<key>`; unknown keys are a VALIDATION_FAILED. */
  async fieldTypeOf(workspaceId: number, entityType: CustomFieldEntityType, key: string, field: string): Promise<CustomFieldType> {
    const [definition] = await repository.findDefinitionsByKeys(this.db, workspaceId, entityType, [key]);
    if (!definition) throw invalid(field, `no ${entityType} custom field "${key}" is defined`);
    return definition.fieldType;
  }
}
