import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { rateLimitWindows } from './rate-limits.table.js';

export const rateLimitTiers = ['general', 'search'] as const;
/** `search` covers the expensive reads (search and export endpoints), which get a smaller budget of their own. */
export type RateLimitTier = (typeof rateLimitTiers)[number];

export interface RateLimitOptions {
  enabled: boolean;
  windowMs: number;
  /** Requests allowed per window, per API key, for each tier. */
  limits: Record<RateLimitTier, number>;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the budget is full again. */
  resetSeconds: number;
}

const SWEEP_EVERY = 1_000;

/**
 * Fixed-window request counters per API key and tier. With a database, the counters live in
 * PostgreSQL (rate_limit_windows, one upsert per request) and every server process shares
 * them; without one, in this process's memory. Should the database not answer, the request is
 * counted in memory instead of failing: a rate limit must not become an outage.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private opened = 0;
  private taken = 0;

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
    private readonly db?: Executor,
  ) {}

  /** Counts one request of `key` in `tier` if its budget allows it. */
  async take(key: string, tier: RateLimitTier): Promise<RateLimitDecision> {
    if (!this.db) return this.takeInMemory(key, tier);
    try {
      return await this.takeShared(this.db, key, tier);
    } catch {
      return this.takeInMemory(key, tier);
    }
  }

  private async takeShared(db: Executor, key: string, tier: RateLimitTier): Promise<RateLimitDecision> {
    const limit = this.options.limits[tier];
    // A new window starts at 1; within the window the count rises (past the limit too: refused requests count).
    const result = await db.execute<{ count: number; reset_ms: number }>(sql`
      INSERT INTO ${rateLimitWindows} AS w (bucket, count, reset_at)
      VALUES (${`${tier}:${key}`}, 1, now() + ${this.options.windowMs} * interval '1 millisecond')
      ON CONFLICT (bucket) DO UPDATE SET
        count = CASE WHEN w.reset_at <= now() THEN 1 ELSE w.count + 1 END,
        reset_at = CASE WHEN w.reset_at <= now() THEN EXCLUDED.reset_at ELSE w.reset_at END
      RETURNING count, (extract(epoch FROM reset_at - now()) * 1000)::float8 AS reset_ms`);
    const { count, reset_ms: resetMs } = result.rows[0]!;
    if (++this.taken % SWEEP_EVERY === 0) {
      await db.execute(sql`DELETE FROM ${rateLimitWindows} WHERE reset_at < now() - interval '1 minute'`);
    }
    // reset_at is kept to the millisecond: a rounding up must not show more than a window.
    const resetSeconds = Math.min(Math.ceil(this.options.windowMs / 1000), Math.max(1, Math.ceil(Number(resetMs) / 1000)));
    if (count > limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    return { allowed: true, limit, remaining: limit - count, resetSeconds };
  }

  /** The in-memory count alone (this process only): synchronous, for callers that cannot wait. */
  takeInMemory(key: string, tier: RateLimitTier): RateLimitDecision {
    const now = this.now();
    const id = `${tier}:${key}`;
    let window = this.windows.get(id);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(id, window);
      if (++this.opened % SWEEP_EVERY === 0) this.sweep(now);
    }
    const limit = this.options.limits[tier];
    const resetSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    if (window.count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    window.count += 1;
    return { allowed: true, limit, remaining: limit - window.count, resetSeconds };
  }

  /** Forgets windows that have ended, so keys seen once do not stay in memory. */
  private sweep(now: number): void {
    for (const [id, window] of this.windows) if (window.resetAt <= now) this.windows.delete(id);
  }
}
