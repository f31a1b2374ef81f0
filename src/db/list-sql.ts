import { and, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';
import { DATE_TIME_MESSAGE, parseDateTime } from '../shared/dates.js';
import { invalid } from '../shared/errors.js';
import type { Filter, FilterOperator, ListQuery, Sort } from '../shared/list-query.js';
import { decodePageToken, encodePageToken, offsetOfPage, queryFingerprint, type Cursor } from '../shared/paging.js';
import { containsPattern, escapeLike } from './like.js';

export type FieldType = 'text' | 'number' | 'date' | 'boolean';

/** One filterable/sortable field of a list: the SQL it reads and the type its values have. */
export interface FieldSpec {
  expression: SQL;
  type: FieldType;
  /** Sorting needs a non-null expression for keyset paging; fields without one cannot be sorted. */
  sortExpression?: SQL;
  /**
   * For a field with many values per row (a contact's addresses): wraps a condition on one
   * value into "some value matches" (an EXISTS). `neq` then means "no value equals".
   */
  some?: (condition: SQL) => SQL;
  /** Brings a filter value to the stored form, e.g. a phone number to E.164. */
  normalize?: (value: string) => string;
}

/** Resolves a filter field name to its spec, or undefined when the list has no such field. */
export type FieldResolver = (field: string) => FieldSpec | undefined | Promise<FieldSpec | undefined>;

/** A filter's value as a SQL parameter of the field's type; never spliced into SQL text. */
function typedValue(field: string, type: FieldType, value: unknown): SQL {
  switch (type) {
    case 'text':
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid(field, 'must be a string');
      return sql`${String(value)}::text`;
    case 'number': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) throw invalid(field, 'must be a number');
      return sql`${number}::numeric`;
    }
    case 'date': {
      // A bare date in a filter means its midnight UTC.
      const date = parseDateTime(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
      if (!date) throw invalid(field, DATE_TIME_MESSAGE);
      return sql`${date.toISOString()}::timestamptz`;
    }
    case 'boolean':
      if (value === true || value === 'true') return sql`true`;
      if (value === false || value === 'false') return sql`false`;
      throw invalid(field, 'must be true or false');
  }
}

/** The condition of one filter on one field. */
export function filterCondition(spec: FieldSpec, filter: Filter): SQL {
  const normalized = normalizeFilterValue(spec, filter);
  if (!spec.some) return valueCondition(spec, normalized);
  if (normalized.operator === 'neq' && normalized.value !== null)
    return sql`NOT ${spec.some(valueCondition(spec, { ...normalized, operator: 'eq' }))}`;
  if (normalized.operator === 'exists') {
    const wanted = valueCondition(spec, normalized);
    return normalized.value === false || normalized.value === 'false' ? sql`NOT ${spec.some(sql`true`)}` : spec.some(wanted);
  }
  return spec.some(valueCondition(spec, normalized));
}

function normalizeFilterValue(spec: FieldSpec, filter: Filter): Filter {
  const { normalize } = spec;
  if (!normalize || !['eq', 'neq', 'in'].includes(filter.operator)) return filter;
  const apply = (value: unknown) => (typeof value === 'string' ? normalize(value) : value);
  if (filter.operator === 'in') {
    const values = Array.isArray(filter.value) ? filter.value : typeof filter.value === 'string' ? filter.value.split(',') : filter.value;
    return { ...filter, value: Array.isArray(values) ? values.map(apply) : values };
  }
  return { ...filter, value: apply(filter.value) };
}

function valueCondition(spec: FieldSpec, filter: Filter): SQL {
  const at = `${filter.source}.value`;
  const { expression, type } = spec;
  const operator: FilterOperator = filter.operator;
  switch (operator) {
    case 'exists': {
      const wanted = filter.value === undefined || filter.value === true || filter.value === 'true';
      if (!wanted && filter.value !== false && filter.value !== 'false') throw invalid(at, 'must be true or false for exists');
      return wanted ? sql`${expression} IS NOT NULL` : sql`${expression} IS NULL`;
    }
    case 'in': {
      const values = Array.isArray(filter.value) ? filter.value : typeof filter.value === 'string' ? filter.value.split(',') : undefined;
      if (!values || values.length === 0 || values.length > 500) throw invalid(at, 'must be a list of 1 to 500 values for in');
      return sql`${expression} IN (${sql.join(
        values.map((value) => typedValue(at, type, value)),
        sql`, `,
      )})`;
    }
    case 'contains':
    case 'startsWith': {
      if (typeof filter.value !== 'string' || filter.value === '') throw invalid(at, `must be a non-empty string for ${operator}`);
      const pattern = operator === 'contains' ? containsPattern(filter.value) : `${escapeLike(filter.value)}%`;
      return sql`${expression}::text ILIKE ${pattern}`;
    }
    case 'eq':
      if (filter.value === null) return sql`${expression} IS NULL`;
      return sql`${expression} = ${typedValue(at, type, filter.value)}`;
    case 'neq':
      if (filter.value === null) return sql`${expression} IS NOT NULL`;
      return sql`${expression} IS DISTINCT FROM ${typedValue(at, type, filter.value)}`;
    case 'gt':
      return sql`${expression} > ${typedValue(at, type, filter.value)}`;
    case 'gte':
      return sql`${expression} >= ${typedValue(at, type, filter.value)}`;
    case 'lt':
      return sql`${expression} < ${typedValue(at, type, filter.value)}`;
    case 'lte':
      return sql`${expression} <= ${typedValue(at, type, filter.value)}`;
  }
}

/** All filters of a query as one condition: AND between filters, OR where a filter says `or`. */
export async function filtersCondition(filters: Filter[], resolve: FieldResolver): Promise<SQL | undefined> {
  const groups: SQL[][] = [];
  for (const filter of filters) {
    const spec = await resolve(filter.field);
    if (!spec) throw invalid(`${filter.source}.field`, `"${filter.field}" is not a field you can filter on`);
    const condition = filterCondition(spec, filter);
    if (filter.or && groups.length > 0) groups.push([condition]);
    else if (groups.length === 0) groups.push([condition]);
    else groups[groups.length - 1]!.push(condition);
  }
  if (groups.length === 0) return undefined;
  return or(...groups.map((group) => and(...group)));
}

export interface OrderPlan {
  orderBy: SQL[];
  /** The expressions whose values make the cursor of a row, in order (the id last). */
  cursorExpressions: SQL[];
  types: FieldType[];
  directions: ('asc' | 'desc')[];
}

/** ORDER BY for the requested sort, always ending with the id so the order is total and stable. */
export async function orderPlan(sort: Sort[], resolve: FieldResolver, id: SQL, fallback: Sort, source = 'sort'): Promise<OrderPlan> {
  const requested = sort.length > 0 ? sort : [fallback];
  if (requested.length > 3) throw invalid(source, 'sort by at most 3 fields');
  const keys: SortKey[] = [];
  for (const { field, direction } of requested) {
    const spec = await resolve(field);
    if (!spec?.sortExpression) throw invalid(source, `"${field}" is not a field you can sort by`);
    keys.push({ expression: spec.sortExpression, type: spec.type, direction });
  }
  return fixedOrderPlan(keys, id);
}

/** One key of an order: a non-null expression, its type and direction. */
export interface SortKey {
  expression: SQL;
  type: FieldType;
  direction: 'asc' | 'desc';
}

/** The plan of an order a list fixes itself (no client sort), ending with the id like every plan. */
export function fixedOrderPlan(keys: SortKey[], id: SQL): OrderPlan {
  const plan: OrderPlan = { orderBy: [], cursorExpressions: [], types: [], directions: [] };
  for (const { expression, type, direction } of keys) {
    plan.orderBy.push(direction === 'asc' ? sql`${expression} ASC` : sql`${expression} DESC`);
    plan.cursorExpressions.push(expression);
    plan.types.push(type);
    plan.directions.push(direction);
  }
  const last = plan.directions[plan.directions.length - 1]!;
  plan.orderBy.push(last === 'asc' ? sql`${id} ASC` : sql`${id} DESC`);
  plan.cursorExpressions.push(id);
  plan.types.push('number');
  plan.directions.push(last);
  return plan;
}

/** Rows strictly after `cursor` in the plan's order. */
export function afterCursor(plan: OrderPlan, cursor: Cursor): SQL {
  const values = cursor.map((value, index) => typedValue('pageToken', plan.types[index]!, value));
  const expressions = plan.cursorExpressions;
  if (plan.directions.every((direction) => direction === plan.directions[0])) {
    const comparator = plan.directions[0] === 'asc' ? sql`>` : sql`<`;
    return sql`(${sql.join(expressions, sql`, `)}) ${comparator} (${sql.join(values, sql`, `)})`;
  }
  const branches = expressions.map((expression, index) => {
    const comparator = plan.directions[index] === 'asc' ? sql`>` : sql`<`;
    const equalBefore = expressions.slice(0, index).map((previous, j) => sql`${previous} = ${values[j]!}`);
    return and(...equalBefore, sql`${expression} ${comparator} ${values[index]!}`)!;
  });
  return or(...branches)!;
}

/** How to page: keyset after a token, an offset for `page`, and the token for the next page. */
export function pagingFor(query: ListQuery, workspaceId: number, plan: OrderPlan) {
  const fingerprint = queryFingerprint({
    filters: query.filters.map(({ source: _source, ...filter }) => filter),
    search: query.search,
    sort: query.sort,
    archived: query.includeArchived,
  });
  const cursor = query.pageToken ? decodePageToken(query.pageToken, workspaceId, fingerprint, plan.cursorExpressions.length) : undefined;
  return {
    after: cursor ? afterCursor(plan, cursor) : undefined,
    offset: !cursor && query.page ? offsetOfPage(query.page, query.pageSize) : 0,
    nextToken: (lastCursor: Cursor) => encodePageToken(workspaceId, fingerprint, lastCursor),
  };
}

/** Cursor values as JSON-safe primitives (dates as ISO strings). */
export function cursorOf(values: unknown[]): Cursor {
  return values.map((value) => (value instanceof Date ? value.toISOString() : (value as string | number | null)));
}

export interface PageRows<Row> {
  rows: Row[];
  nextPageToken: string | null;
  totalCount?: number;
}

/**
 * Runs a paged list over `table`: the conditions (workspace first), the plan's order, keyset
 * or offset paging, and, when asked, the total count of rows matching the conditions.
 */
export async function selectPage<TTable extends PgTable>(
  db: Executor,
  table: TTable,
  options: {
    conditions: (SQL | undefined)[];
    plan: OrderPlan;
    query: ListQuery;
    workspaceId: number;
    /** Stop counting here: an exact count of a broad free-text search costs more than the page itself. */
    countLimit?: number;
  },
): Promise<PageRows<TTable['$inferSelect']>> {
  const { conditions, plan, query, workspaceId } = options;
  const paging = pagingFor(query, workspaceId, plan);
  const where = and(...conditions);
  const rows = await db
    .select({ row: table as PgTable, cursor: sql<Cursor>`json_build_array(${sql.join(plan.cursorExpressions, sql`, `)})` })
    .from(table as PgTable)
    .where(and(where, paging.after))
    .orderBy(...plan.orderBy)
    .limit(query.pageSize + 1)
    .offset(paging.offset);
  const hasMore = rows.length > query.pageSize;
  const page = hasMore ? rows.slice(0, query.pageSize) : rows;
  const totalCount = query.includeTotalCount ? await countRows(db, table, where, options.countLimit) : undefined;
  return {
    rows: page.map((entry) => entry.row as TTable['$inferSelect']),
    nextPageToken: hasMore ? paging.nextToken(page[page.length - 1]!.cursor) : null,
    totalCount,
  };
}

/** How many rows of `table` match `where`, counting no further than `limit` when given. */
export async function countRows(db: Executor, table: PgTable, where: SQL | undefined, limit?: number): Promise<number> {
  const matching = db
    .select({ one: sql`1` })
    .from(table)
    .where(where)
    .$dynamic();
  if (limit) matching.limit(limit);
  const [counted] = await db.select({ count: sql<number>`count(*)::int` }).from(matching.as('matching'));
  return counted?.count ?? 0;
}

/** A nullable text column: sorts with nulls as empty text. */
export function textField(column: SQLWrapper): FieldSpec {
  return { expression: sql`${column}`, type: 'text', sortExpression: sql`coalesce(${column}, '')` };
}

/** A non-null column of another type, sortable as it is. */
export function sortableField(column: SQLWrapper, type: FieldType): FieldSpec {
  return { expression: sql`${column}`, type, sortExpression: sql`${column}` };
}

/** A column that can be filtered on but not sorted by (nullable, non-text). */
export function filterOnlyField(column: SQLWrapper, type: FieldType): FieldSpec {
  return { expression: sql`${column}`, type };
}

/** A custom field value inside a JSONB column, typed by its definition (values are validated on write, so the casts hold). */
export function customFieldSpec(column: SQLWrapper, key: string, fieldType: string): FieldSpec {
  const text = sql`(${column} ->> ${key})`;
  if (fieldType === 'NUMBER') return { expression: sql`${text}::numeric`, type: 'number' };
  if (fieldType === 'BOOLEAN') return { expression: sql`${text}::boolean`, type: 'boolean' };
  return { expression: text, type: 'text' };
}
