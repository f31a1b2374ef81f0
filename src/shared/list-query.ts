import { z } from 'zod';
import { invalid } from './errors.js';

/**
 * The list and search parameters shared by the v1 lists, parsed into one form the
 * repositories turn into SQL (see db/list-sql.ts). Field names are checked against each
 * list's own catalogue before any SQL is built.
 */
export const filterOperators = ['eq', 'neq', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'in', 'exists'] as const;
export type FilterOperator = (typeof filterOperators)[number];

export interface Filter {
  field: string;
  operator: FilterOperator;
  value?: unknown;
  /** Joins this filter to the previous one with OR instead of AND (AND binds tighter). */
  or?: boolean;
  /** Where the filter came from, for error messages, e.g. `filters[1]` or `filterBy`. */
  source: string;
}

export interface Sort {
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListQuery {
  filters: Filter[];
  search?: string;
  sort: Sort[];
  /** The parameter the sort came from, for error messages (`sortBy` or `sort`). */
  sortSource?: string;
  pageSize: number;
  /** 1-based page number, used when no pageToken is given. */
  page?: number;
  pageToken?: string;
  includeTotalCount: boolean;
  includeArchived?: boolean;
}

/** `firstName:John;email:john@example.com` → eq filters. A value may contain ':' (split on the first). */
export function parseFilterBy(filterBy: string | undefined): Filter[] {
  if (!filterBy?.trim()) return [];
  return filterBy
    .split(';')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const separator = part.indexOf(':');
      if (separator <= 0) throw invalid('filterBy', `"${part}" is not of the form field:value`);
      return {
        field: part.slice(0, separator).trim(),
        operator: 'eq' as const,
        value: part.slice(separator + 1).trim(),
        source: 'filterBy',
      };
    });
}

/** `createdAt=desc,lastName=asc` (a bare field sorts ascending). */
export function parseSortBy(sortBy: string | undefined): Sort[] {
  if (!sortBy?.trim()) return [];
  return sortBy
    .split(/[,;]/)
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const [field = '', direction = 'asc', ...rest] = part.split(/[=:]/).map((piece) => piece.trim());
      const lower = direction.toLowerCase();
      if (!field || rest.length > 0 || (lower !== 'asc' && lower !== 'desc')) {
        throw invalid('sortBy', `"${part}" is not of the form field=asc or field=desc`);
      }
      return { field, direction: lower };
    });
}

export const pageSizeSchema = (max: number) =>
  z.coerce.number().int().min(1).max(max).describe(`Items per page, 1 to ${max}`).meta({ example: 20 });

/** The query string of a v1 GET list, as 003 documents it. */
export const listQueryStringSchema = (maxPageSize: number) =>
  z.object({
    filterBy: z.string().max(2000).optional().describe('Equality filters: `field:value;field:value`').meta({ example: 'firstName:John' }),
    searchBy: z.string().max(200).optional().describe('Free-text search').meta({ example: 'jane' }),
    sortBy: z
      .string()
      .max(500)
      .optional()
      .describe('Sort: `field=asc|desc`, several separated by commas')
      .meta({ example: 'createdAt=desc' }),
    page: z.coerce.number().int().min(1).max(100_000).optional().describe('1-based page number (ignored with pageToken)'),
    pageSize: pageSizeSchema(maxPageSize).optional(),
    pageToken: z.string().max(2000).optional().describe('The nextPageToken of the previous page'),
  });

export type ListQueryString = z.infer<ReturnType<typeof listQueryStringSchema>>;

export function fromQueryString(query: ListQueryString, defaultPageSize: number): ListQuery {
  return {
    filters: parseFilterBy(query.filterBy),
    search: query.searchBy?.trim() || undefined,
    sort: parseSortBy(query.sortBy),
    sortSource: 'sortBy',
    pageSize: query.pageSize ?? defaultPageSize,
    page: query.page,
    pageToken: query.pageToken,
    includeTotalCount: true,
  };
}
