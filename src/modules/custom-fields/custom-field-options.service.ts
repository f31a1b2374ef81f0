import type { Database, Executor } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import * as definitions from './custom-field-definitions.repository.js';
import * as repository from './custom-field-options.repository.js';
import * as storedValues from './custom-field-values.repository.js';
import type { CustomFieldEntityType, CustomFieldOption, CustomFieldOptionChanges, NewCustomFieldOption } from './custom-fields.schemas.js';

const VALUE_CONSTRAINT = 'custom_field_options_value_unique';

/**
 * The options (allowed values) of LIST definitions. Records store an option's `value`, so
 * changing a value rewrites the records holding it and deleting an option clears it from
 * them, in the same transaction.
 */
export class CustomFieldOptionsService {
  constructor(private readonly db: Database) {}

  async findOptions(tenant: Tenant, definitionId: number, query: ListQuery): Promise<Page<CustomFieldOption>> {
    await definitionOf(this.db, tenant, definitionId);
    const page = await repository.findOptionsPage(this.db, tenant.workspaceId, definitionId, query);
    return { items: page.rows.map((row) => toOption(row, tenant)), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  async getOptionById(tenant: Tenant, definitionId: number, optionId: number): Promise<CustomFieldOption> {
    return toOption(await optionOf(this.db, tenant, definitionId, optionId), tenant);
  }

  async createOption(tenant: Tenant, definitionId: number, input: NewCustomFieldOption): Promise<CustomFieldOption> {
    const { workspaceId } = tenant;
    return this.db.transaction(async (tx) => {
      const definition = await definitionOf(tx, tenant, definitionId, { lock: true });
      if (definition.fieldType !== 'LIST') {
        throw invalid(
          'definitionId',
          `only LIST definitions have options; "${definition.fieldKey}" (${definitionId}) is ${definition.fieldType}`,
        );
      }
      if (await repository.optionValueTaken(tx, workspaceId, definitionId, input.value))
        throw valueConflict(definition.fieldKey, input.value);
      const row = await repository.insertOption(tx, workspaceId, definitionId, input);
      if (!row) throw valueConflict(definition.fieldKey, input.value);
      return toOption(row, tenant);
    });
  }

  /** Changes only the properties given; a new `value` replaces the old one on every record holding it. */
  async updateOption(
    tenant: Tenant,
    definitionId: number,
    optionId: number,
    changes: CustomFieldOptionChanges,
  ): Promise<CustomFieldOption> {
    const { workspaceId } = tenant;
    return this.db.transaction(async (tx) => {
      const definition = await definitionOf(tx, tenant, definitionId, { lock: true });
      const current = await optionOf(tx, tenant, definitionId, optionId);
      const value = changes.value ?? current.value;
      if (value !== current.value && (await repository.optionValueTaken(tx, workspaceId, definitionId, value, optionId))) {
        throw valueConflict(definition.fieldKey, value);
      }
      const row = await repository.updateOption(tx, workspaceId, optionId, changes).catch((error: unknown) => {
        throw isUniqueViolation(error, VALUE_CONSTRAINT) ? valueConflict(definition.fieldKey, value) : error;
      });
      if (value !== current.value) {
        const entityType = definition.entityType as CustomFieldEntityType;
        await storedValues.replaceStoredValue(tx, workspaceId, entityType, definition.fieldKey, current.value, value);
      }
      return toOption(row!, tenant);
    });
  }

  /** Deletes an option and clears its value from every record holding it. */
  async deleteOption(tenant: Tenant, definitionId: number, optionId: number): Promise<CustomFieldOption> {
    const { workspaceId } = tenant;
    return this.db.transaction(async (tx) => {
      const definition = await definitionOf(tx, tenant, definitionId, { lock: true });
      const current = await optionOf(tx, tenant, definitionId, optionId);
      await repository.deleteOption(tx, workspaceId, optionId);
      const entityType = definition.entityType as CustomFieldEntityType;
      await storedValues.removeStoredValues(tx, workspaceId, entityType, definition.fieldKey, current.value);
      return toOption(current, tenant);
    });
  }
}

/** The definition, or NOT_FOUND; `lock` serializes this change with other changes to the definition. */
async function definitionOf(db: Executor, tenant: Tenant, definitionId: number, options: { lock?: boolean } = {}) {
  const row = options.lock
    ? await definitions.lockDefinitionById(db, tenant.workspaceId, definitionId)
    : await definitions.findDefinitionById(db, tenant.workspaceId, definitionId);
  if (!row) throw notFound('custom field definition', definitionId);
  return row;
}

async function optionOf(db: Executor, tenant: Tenant, definitionId: number, optionId: number): Promise<repository.OptionRow> {
  const row = await repository.findOptionById(db, tenant.workspaceId, definitionId, optionId);
  if (!row) throw notFound('custom field option', optionId);
  return row;
}

function valueConflict(fieldKey: string, value: string): AppError {
  return new AppError('CONFLICT', `value: "${fieldKey}" already has an option with value "${value}"`, { field: 'value', fieldKey, value });
}

function toOption(row: repository.OptionRow, tenant: Tenant): CustomFieldOption {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    definitionId: row.definitionId,
    value: row.value,
    label: row.label,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
