import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
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
  /** Fingerprint of the query (filters and sort): a token only continues the list it came from. */
  q: string;
  a: Cursor;
}

/**
 * Page tokens are sealed with AES-256-GCM, the workspace id as associated data: a client sees
 * neither the internal workspace id nor the sort values of the last row, a token cannot be
 * altered, and a token presented in another workspace fails to open. The key is derived from
 * SECRETS_KEY; without one, from a fixed label (tokens then stay opaque and bound to their
 * workspace, and still open after a restart or on another process, but could be forged by
 * someone who reads this code; a forged token only moves within the caller's own workspace).
 */
let tokenKey = deriveKey(undefined);

function deriveKey(secret: string | undefined): Buffer {
  return Buffer.from(hkdfSync('sha256', secret ?? 'switchboard-unkeyed', 'switchboard', 'page-tokens', 32));
}

/** Called once at start with SECRETS_KEY; every process sharing a database must use the same. */
export function configurePageTokens(secretsKey: string | undefined): void {
  tokenKey = deriveKey(secretsKey);
}

export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

function workspaceData(workspaceId: number): Buffer {
  return Buffer.from(`workspace:${workspaceId}`);
}

export function encodePageToken(workspaceId: number, fingerprint: string, after: Cursor): string {
  const body: TokenBody = { q: fingerprint, a: after };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', tokenKey, iv).setAAD(workspaceData(workspaceId));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(body), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

const NOT_A_TOKEN =
  'is not a page token issued by this API, or was issued to another workspace: pass the nextPageToken of the previous page, or leave it out for the first page';

function openToken(token: string, workspaceId: number): unknown {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < 29) throw invalid('pageToken', NOT_A_TOKEN);
  try {
    const decipher = createDecipheriv('aes-256-gcm', tokenKey, raw.subarray(0, 12)).setAAD(workspaceData(workspaceId));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    throw invalid('pageToken', NOT_A_TOKEN);
  }
}

export function decodePageToken(token: string, workspaceId: number, fingerprint: string, length: number): Cursor {
  const { q, a } = (openToken(token, workspaceId) ?? {}) as Partial<TokenBody>;
  const valid =
    Array.isArray(a) && a.length === length && a.every((value) => value === null || typeof value === 'string' || typeof value === 'number');
  if (!valid) throw invalid('pageToken', NOT_A_TOKEN);
  if (q !== fingerprint) throw invalid('pageToken', 'belongs to a list with other filters or sort; start again without it');
  return a;
}

/** Rows before a 1-based page, for offset paging (`page`, 004's `pageNumber`). */
export function offsetOfPage(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}
