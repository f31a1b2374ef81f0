import type { Database } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import * as repository from './idempotency.repository.js';

/** How long a request may hold its key before a retry may take over (it died, or lost its connection). */
const LOCK_MS = 60_000;
const PURGE_BATCH = 5_000;

export interface IdempotentRequest {
  key: string;
  /** SHA-256 of method, path and body. */
  requestHash: string;
  method: string;
  path: string;
}

export type Claim = { outcome: 'claimed'; id: number } | { outcome: 'replay'; status: number; body: string; contentType: string | null };

/**
 * Idempotency keys: the first request with a key runs and its response is kept; a retry with
 * the same key and request gets that response again. Which responses are kept is the
 * surface's choice (see surfaces/idempotency.ts).
 */
export class IdempotencyService {
  constructor(
    private readonly db: Database,
    private readonly options: { ttlMs: number },
  ) {}

  /** Claims the key for this request, or returns the stored response; throws when neither is possible. */
  async begin(workspaceId: number, request: IdempotentRequest): Promise<Claim> {
    const id = await repository.claimKey(this.db, workspaceId, { ...request, lockMs: LOCK_MS, ttlMs: this.options.ttlMs });
    if (id !== undefined) return { outcome: 'claimed', id };
    const existing = await repository.findKey(this.db, workspaceId, request.key);
    // Purged or released between the two statements: the caller may simply try again.
    if (!existing)
      throw new AppError('CONFLICT', 'This Idempotency-Key was being released; retry the request', { field: 'Idempotency-Key' });
    if (existing.requestHash !== request.requestHash) {
      throw new AppError(
        'UNPROCESSABLE',
        `This Idempotency-Key was used for another request (${existing.method} ${existing.path} with another body); use a new key for a new request`,
        { field: 'Idempotency-Key' },
      );
    }
    if (existing.responseStatus === null) {
      throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being processed; retry it in a moment', {
        field: 'Idempotency-Key',
        retryAfterSeconds: 1,
      });
    }
    return {
      outcome: 'replay',
      status: existing.responseStatus,
      body: existing.responseBody ?? '',
      contentType: existing.responseContentType,
    };
  }

  async complete(workspaceId: number, id: number, response: { status: number; body: string; contentType: string | null }): Promise<void> {
    await repository.completeKey(this.db, workspaceId, id, response);
  }

  async release(workspaceId: number, id: number): Promise<void> {
    await repository.releaseKey(this.db, workspaceId, id);
  }

  /** Deletes expired keys in batches; returns how many. */
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await repository.deleteExpiredKeys(this.db, PURGE_BATCH);
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
