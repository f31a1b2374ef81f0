import { createHash } from 'node:crypto';
import { invalid } from './errors.js';

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
  totalCount?: number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** A position in a keyset-ordered list: the sort values and id of the last row returned. */
export type Cursor = (string | number | null)[];

interface TokenBody {
  /** Workspace the token was issued to: a token is useless in another workspace. */
  w: number;
  /** Fingerprint of the query (filters and sort): a token only continues the list it came from. */
  q: string;
  a: Cursor;
}

export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodePageToken(workspaceId: number, fingerprint: string, after: Cursor): string {
  const body: TokenBody = { w: workspaceId, q: fingerprint, a: after };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const NOT_A_TOKEN =
  'is not a page token issued by this API: pass the nextPageToken of the previous page, or leave it out for the first page';

export function decodePageToken(token: string, workspaceId: number, fingerprint: string, length: number): Cursor {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('pageToken', NOT_A_TOKEN);
  }
  const { w, q, a } = (body ?? {}) as Partial<TokenBody>;
  const valid =
    Array.isArray(a) && a.length === length && a.every((value) => value === null || typeof value === 'string' || typeof value === 'number');
  if (!valid || typeof w !== 'number') throw invalid('pageToken', NOT_A_TOKEN);
  if (w !== workspaceId) throw invalid('pageToken', 'was issued to another workspace');
  if (q !== fingerprint) throw invalid('pageToken', 'belongs to a list with other filters or sort; start again without it');
  return a;
}

/** Rows before a 1-based page, for offset paging (`page`, 004's `pageNumber`). */
export function offsetOfPage(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
