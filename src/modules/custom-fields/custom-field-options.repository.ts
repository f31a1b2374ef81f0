import { and, eq, ilike, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, type FieldResolver, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { Filter, ListQuery } from '../../shared/list-query.js';
import { containsPattern } from '../../db/like.js';
import type { CustomFieldOptionChanges, NewCustomFieldOption } from './custom-fields.schemas.js';
import { customFieldOptions as options } from './custom-fields.table.js';

export type OptionRow = typeof options.$inferSelect;

const column = {
  id: sql`${options.id}`,
  definitionId: sql`${options.definitionId}`,
  value: sql`${options.value}`,
  createdAt: sql`${options.createdAt}`,
  updatedAt: sql`${options.updatedAt}`,
};

/** The fields `filterBy` may name. */
const filterFields = new Map<string, FieldSpec>([
  ['id', { expression: column.id, type: 'number' }],
  ['definitionId', { expression: column.definitionId, type: 'number' }],
  ['value', { expression: column.value, type: 'text' }],
]);

/** The fields `sortBy` may name (all NOT NULL, as keyset paging needs). */
const sortFields = new Map<string, FieldSpec>([
  ['id', { expression: column.id, type: 'number', sortExpression: column.id }],
  ['value', { expression: column.value, type: 'text', sortExpression: column.value }],
  ['createdAt', { expression: column.createdAt, type: 'date', sortExpression: column.createdAt }],
  ['updatedAt', { expression: column.updatedAt, type: 'date', sortExpression: column.updatedAt }],
]);

const resolveFilter: FieldResolver = (field) => filterFields.get(field);
const resolveSort: FieldResolver = (field) => sortFields.get(field);

/** A page of one definition's options. */
export async function findOptionsPage(
  db: Executor,
  workspaceId: number,
  definitionId: number,
  listQuery: ListQuery,
): Promise<PageRows<OptionRow>> {
  // The definition joins the filters too, so a page token only continues this definition's list.
  const scope: Filter = { field: 'definitionId', operator: 'eq', value: definitionId, source: 'definitionId' };
  const query = { ...listQuery, filters: [scope, ...listQuery.filters] };
  const plan = await orderPlan(query.sort, resolveSort, column.id, { field: 'createdAt', direction: 'asc' });
  const pattern = query.search ? containsPattern(query.search) : undefined;
  return selectPage(db, options, {
    conditions: [
      eq(options.workspaceId, workspaceId),
      eq(options.definitionId, definitionId),
      await filtersCondition(query.filters, resolveFilter),
      pattern ? or(ilike(options.value, pattern), ilike(options.label, pattern)) : undefined,
    ],
    plan,
    query,
    workspaceId,
  });
}

export async function findOptionById(db: Executor, workspaceId: number, definitionId: number, id: number): Promise<OptionRow | undefined> {
  const [row] = await db
    .select()
    .from(options)
    .where(and(eq(options.workspaceId, workspaceId), eq(options.definitionId, definitionId), eq(options.id, id)));
  return row;
}

/** Whether another option of the definition already has `value`. */
export async function optionValueTaken(
  db: Executor,
  workspaceId: number,
  definitionId: number,
  value: string,
  exceptId?: number,
): Promise<boolean> {
  const [row] = await db
    .select({ id: options.id })
    .from(options)
    .where(
      and(
        eq(options.workspaceId, workspaceId),
        eq(options.definitionId, definitionId),
        eq(options.value, value),
        exceptId === undefined ? undefined : ne(options.id, exceptId),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** Inserts an option; undefined when its value is taken. */
export async function insertOption(
  db: Executor,
  workspaceId: number,
  definitionId: number,
  input: NewCustomFieldOption,
): Promise<OptionRow | undefined> {
  const [row] = await db
    .insert(options)
    .values({ workspaceId, definitionId, ...input })
    .onConflictDoNothing({ target: [options.workspaceId, options.definitionId, options.value] })
    .returning();
  return row;
}

export async function updateOption(
  db: Executor,
  workspaceId: number,
  id: number,
  changes: CustomFieldOptionChanges,
): Promise<OptionRow | undefined> {
  const [row] = await db
    .update(options)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(options.workspaceId, workspaceId), eq(options.id, id)))
    .returning();
  return row;
}

export async function deleteOption(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(options).where(and(eq(options.workspaceId, workspaceId), eq(options.id, id)));
}
