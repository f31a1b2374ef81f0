import type { Database } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { Filter, ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './custom-field-definitions.repository.js';
import * as storedValues from './custom-field-values.repository.js';
import {
  customFieldEntityTypes,
  customFieldTypes,
  type CustomFieldDefinition,
  type CustomFieldDefinitionChanges,
  type CustomFieldEntityType,
  type CustomFieldType,
  type NewCustomFieldDefinition,
} from './custom-fields.schemas.js';

const KEY_CONSTRAINT = 'custom_field_definitions_key_unique';

/**
 * Custom field definitions. A definition's key names the values stored on records of its
 * entity type, so changes that would strand or invalidate those values are conflicts, and a
 * key rename carries the values along in the same transaction.
 */
export class CustomFieldDefinitionsService {
  constructor(private readonly db: Database) {}

  async findDefinitions(tenant: Tenant, query: ListQuery): Promise<Page<CustomFieldDefinition>> {
    checkEnumFilters(query.filters);
    const page = await repository.findDefinitionsPage(this.db, tenant.workspaceId, query);
    return { items: page.rows.map((row) => toDefinition(row, tenant)), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  async getDefinitionById(tenant: Tenant, id: number): Promise<CustomFieldDefinition> {
    const row = await repository.findDefinitionById(this.db, tenant.workspaceId, id);
    if (!row) throw notFound('custom field definition', id);
    return toDefinition(row, tenant);
  }

  async createDefinition(tenant: Tenant, input: NewCustomFieldDefinition): Promise<CustomFieldDefinition> {
    if (await repository.fieldKeyTaken(this.db, tenant.workspaceId, input.entityType, input.fieldKey)) {
      throw keyConflict(input.entityType, input.fieldKey);
    }
    const row = await repository.insertDefinition(this.db, tenant.workspaceId, input);
    if (!row) throw keyConflict(input.entityType, input.fieldKey);
    return toDefinition(row, tenant);
  }

  /**
   * Changes only the properties given. Changing the type or entity type while records hold
   * values is a CONFLICT (the values would no longer validate, or would be left behind);
   * renaming the key moves the stored values; leaving LIST drops the options.
   */
  async updateDefinition(tenant: Tenant, id: number, changes: CustomFieldDefinitionChanges): Promise<CustomFieldDefinition> {
    const { workspaceId } = tenant;
    return this.db.transaction(async (tx) => {
      const current = await repository.lockDefinitionById(tx, workspaceId, id);
      if (!current) throw notFound('custom field definition', id);
      const from = { entityType: current.entityType as CustomFieldEntityType, fieldType: current.fieldType as CustomFieldType };
      const entityType = changes.entityType ?? from.entityType;
      const fieldKey = changes.fieldKey ?? current.fieldKey;
      const fieldType = changes.fieldType ?? from.fieldType;

      const keyMoves = entityType !== from.entityType || fieldKey !== current.fieldKey;
      if (keyMoves && (await repository.fieldKeyTaken(tx, workspaceId, entityType, fieldKey, id))) throw keyConflict(entityType, fieldKey);
      if (fieldType !== from.fieldType || entityType !== from.entityType) {
        const holding = await storedValues.countRecordsWithValue(tx, workspaceId, from.entityType, current.fieldKey);
        if (holding > 0 && fieldType !== from.fieldType) {
          throw new AppError(
            'CONFLICT',
            `Cannot change fieldType of "${current.fieldKey}" from ${from.fieldType} to ${fieldType}: ${holding} ${from.entityType} record(s) hold a value that would no longer validate. Remove those values first, or delete the definition with force=true.`,
            { field: 'fieldType', fieldKey: current.fieldKey, records: holding },
          );
        }
        if (holding > 0) {
          throw new AppError(
            'CONFLICT',
            `Cannot move "${current.fieldKey}" from ${from.entityType} to ${entityType}: ${holding} ${from.entityType} record(s) hold a value for it. Remove those values first, or delete the definition with force=true.`,
            { field: 'entityType', fieldKey: current.fieldKey, records: holding },
          );
        }
      }

      const row = await repository.updateDefinition(tx, workspaceId, id, changes).catch((error: unknown) => {
        throw isUniqueViolation(error, KEY_CONSTRAINT) ? keyConflict(entityType, fieldKey) : error;
      });
      // Values exist only if the entity type is unchanged (else the check above failed), so they move in place.
      if (fieldKey !== current.fieldKey && entityType === from.entityType) {
        await storedValues.renameStoredKey(tx, workspaceId, from.entityType, current.fieldKey, fieldKey);
      }
      if (from.fieldType === 'LIST' && fieldType !== 'LIST') await repository.deleteOptionsOfDefinition(tx, workspaceId, id);
      return toDefinition(row!, tenant);
    });
  }

  /**
   * Deletes a definition and its options. While records hold values under its key this is a
   * CONFLICT unless `force`, which removes those values in the same transaction.
   */
  async deleteDefinition(tenant: Tenant, id: number, options: { force: boolean }): Promise<CustomFieldDefinition> {
    const { workspaceId } = tenant;
    return this.db.transaction(async (tx) => {
      const current = await repository.lockDefinitionById(tx, workspaceId, id);
      if (!current) throw notFound('custom field definition', id);
      const entityType = current.entityType as CustomFieldEntityType;
      const holding = await storedValues.countRecordsWithValue(tx, workspaceId, entityType, current.fieldKey);
      if (holding > 0) {
        if (!options.force) {
          throw new AppError(
            'CONFLICT',
            `${holding} ${entityType} record(s) hold a value for "${current.fieldKey}"; pass force=true to delete the definition and remove those values`,
            { field: 'force', fieldKey: current.fieldKey, records: holding },
          );
        }
        await storedValues.removeStoredValues(tx, workspaceId, entityType, current.fieldKey);
      }
      await repository.deleteDefinition(tx, workspaceId, id);
      return toDefinition(current, tenant);
    });
  }
}

function keyConflict(entityType: CustomFieldEntityType, fieldKey: string): AppError {
  return new AppError('CONFLICT', `fieldKey: a ${entityType} custom field with key "${fieldKey}" already exists`, {
    field: 'fieldKey',
    fieldKey,
    entityType,
  });
}

/** A filter on an enum field with a value outside the enum is a mistake, not an empty list. */
function checkEnumFilters(filters: Filter[]): void {
  const allowed: Record<string, readonly string[]> = { entityType: customFieldEntityTypes, fieldType: customFieldTypes };
  for (const filter of filters) {
    const values = Object.hasOwn(allowed, filter.field) ? allowed[filter.field]! : undefined;
    if (values && typeof filter.value === 'string' && !values.includes(filter.value)) {
      throw invalid(filter.source, `${filter.field} must be one of ${values.join(', ')}`);
    }
  }
}

export function toDefinition(row: repository.DefinitionRow, tenant: Tenant): CustomFieldDefinition {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    entityType: row.entityType as CustomFieldEntityType,
    fieldKey: row.fieldKey,
    fieldLabel: row.fieldLabel,
    fieldType: row.fieldType as CustomFieldType,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
