import { and, eq, ilike, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { containsPattern } from '../../db/like.js';
import { filtersCondition, orderPlan, selectPage, type FieldResolver, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { CustomFieldDefinitionChanges, CustomFieldEntityType, NewCustomFieldDefinition } from './custom-fields.schemas.js';
import { customFieldDefinitions as definitions, customFieldOptions as options } from './custom-fields.table.js';

export type DefinitionRow = typeof definitions.$inferSelect;

const column = {
  id: sql`${definitions.id}`,
  entityType: sql`${definitions.entityType}`,
  fieldType: sql`${definitions.fieldType}`,
  fieldKey: sql`${definitions.fieldKey}`,
  createdAt: sql`${definitions.createdAt}`,
  updatedAt: sql`${definitions.updatedAt}`,
};

/** The fields `filterBy` may name. */
const filterFields = new Map<string, FieldSpec>([
  ['id', { expression: column.id, type: 'number' }],
  ['entityType', { expression: column.entityType, type: 'text' }],
  ['fieldType', { expression: column.fieldType, type: 'text' }],
  ['fieldKey', { expression: column.fieldKey, type: 'text' }],
]);

/** The fields `sortBy` may name (all columns are NOT NULL, as keyset paging needs). */
const sortFields = new Map<string, FieldSpec>([
  ['id', { expression: column.id, type: 'number', sortExpression: column.id }],
  ['fieldKey', { expression: column.fieldKey, type: 'text', sortExpression: column.fieldKey }],
  ['createdAt', { expression: column.createdAt, type: 'date', sortExpression: column.createdAt }],
  ['updatedAt', { expression: column.updatedAt, type: 'date', sortExpression: column.updatedAt }],
]);

const resolveFilter: FieldResolver = (field) => filterFields.get(field);
const resolveSort: FieldResolver = (field) => sortFields.get(field);

export async function findDefinitionsPage(db: Executor, workspaceId: number, query: ListQuery): Promise<PageRows<DefinitionRow>> {
  const plan = await orderPlan(query.sort, resolveSort, column.id, { field: 'createdAt', direction: 'asc' });
  const pattern = query.search ? containsPattern(query.search) : undefined;
  return selectPage(db, definitions, {
    conditions: [
      eq(definitions.workspaceId, workspaceId),
      await filtersCondition(query.filters, resolveFilter),
      pattern ? or(ilike(definitions.fieldKey, pattern), ilike(definitions.fieldLabel, pattern)) : undefined,
    ],
    plan,
    query,
    workspaceId,
  });
}

export async function findDefinitionById(db: Executor, workspaceId: number, id: number): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .select()
    .from(definitions)
    .where(and(eq(definitions.workspaceId, workspaceId), eq(definitions.id, id)));
  return row;
}

/**
 * The definition, locked until the transaction ends: every change to a definition or its
 * options takes this lock first, so those changes and the record rewrites they imply run one
 * at a time per definition.
 */
export async function lockDefinitionById(tx: Executor, workspaceId: number, id: number): Promise<DefinitionRow | undefined> {
  const [row] = await tx
    .select()
    .from(definitions)
    .where(and(eq(definitions.workspaceId, workspaceId), eq(definitions.id, id)))
    .for('update');
  return row;
}

/** Whether another definition of `entityType` already uses `fieldKey`. */
export async function fieldKeyTaken(
  db: Executor,
  workspaceId: number,
  entityType: CustomFieldEntityType,
  fieldKey: string,
  exceptId?: number,
): Promise<boolean> {
  const [row] = await db
    .select({ id: definitions.id })
    .from(definitions)
    .where(
      and(
        eq(definitions.workspaceId, workspaceId),
        eq(definitions.entityType, entityType),
        eq(definitions.fieldKey, fieldKey),
        exceptId === undefined ? undefined : ne(definitions.id, exceptId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Inserts a definition; undefined when its key is taken (a concurrent create won). */
export async function insertDefinition(
  db: Executor,
  workspaceId: number,
  input: NewCustomFieldDefinition,
): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .insert(definitions)
    .values({ workspaceId, ...input })
    .onConflictDoNothing({ target: [definitions.workspaceId, definitions.entityType, definitions.fieldKey] })
    .returning();
  return row;
}

export async function updateDefinition(
  db: Executor,
  workspaceId: number,
  id: number,
  changes: CustomFieldDefinitionChanges,
): Promise<DefinitionRow | undefined> {
  const [row] = await db
    .update(definitions)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(definitions.workspaceId, workspaceId), eq(definitions.id, id)))
    .returning();
  return row;
}

/** Deletes a definition; its options go with it (foreign key ON DELETE CASCADE). */
export async function deleteDefinition(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(definitions).where(and(eq(definitions.workspaceId, workspaceId), eq(definitions.id, id)));
}

/** Removes all options of a definition (it stopped being a LIST). */
export async function deleteOptionsOfDefinition(db: Executor, workspaceId: number, definitionId: number): Promise<void> {
  await db.delete(options).where(and(eq(options.workspaceId, workspaceId), eq(options.definitionId, definitionId)));
}
