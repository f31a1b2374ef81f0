import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/paging.js';

/** A v1 list's page: its items, the token of the next page, and how many match the filters. */
export function pageSchema<Item extends z.ZodType>(item: Item, things: string, id: string) {
  return z
    .object({
      items: z.array(item),
      nextPageToken: z.string().nullable().describe('Pass as pageToken for the next page; null on the last page'),
      totalCount: z.number().int().describe(`${things} matching the filters`),
    })
    .meta({ id });
}

/** The paging fields of a v1 list's query (`limit`, `pageToken`), to spread into its schema. */
export function pageQueryFields(things: string, order = '') {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE)
      .describe(`${things} per page, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})${order}`),
    pageToken: z.string().max(2000).optional().describe('The nextPageToken of the previous page'),
  };
}
