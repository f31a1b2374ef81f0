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

/** How long a process may keep the increments of a shared window's first half before writing them. */
const FLUSH_MS = 100;

/** What this process knows of a shared window: the count PostgreSQL last gave, and its own increments not written yet. */
interface SharedWindow {
  count: number;
  pending: number;
  resetAt: number;
  flush?: NodeJS.Timeout;
}

/**
 * Fixed-window request counters per API key and tier. With a database, the counters live in
 * PostgreSQL (rate_limit_windows) and every server process shares them; without one, in this
 * process's memory. A request in the second half of a budget (by this process's estimate) is
 * counted in PostgreSQL before it is answered, so the limit itself is exact across processes;
 * in the first half, a process counts on its own estimate and writes its increments every
 * FLUSH_MS, saving a round trip per request. Should the database not answer, the request is
 * counted in memory instead of failing: a rate limit must not become an outage.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly shared = new Map<string, SharedWindow>();
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
    const id = `${tier}:${key}`;
    const now = this.now();
    const known = this.shared.get(id);
    const current = known && known.resetAt > now ? known : undefined;
    if (current && current.count + current.pending + 1 < limit / 2) {
      current.pending += 1;
      current.flush ??= setTimeout(() => void this.flush(db, id), FLUSH_MS).unref();
      const resetSeconds = this.resetSecondsOf(current.resetAt - now);
      return { allowed: true, limit, remaining: limit - current.count - current.pending, resetSeconds };
    }
    // This request, with the increments not written yet (those of a window that has ended are dropped).
    const pending = current?.pending ?? 0;
    if (known) {
      clearTimeout(known.flush);
      known.flush = undefined;
      known.pending = 0;
    }
    const window = await this.add(db, id, 1 + pending);
    if (!known && ++this.opened % SWEEP_EVERY === 0) this.sweep(now);
    const resetSeconds = this.resetSecondsOf(window.resetAt - now);
    if (window.count > limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    return { allowed: true, limit, remaining: limit - window.count, resetSeconds };
  }

  /** Writes a window's increments counted since the last write. */
  private async flush(db: Executor, id: string): Promise<void> {
    const window = this.shared.get(id);
    if (!window) return;
    window.flush = undefined;
    const pending = window.pending;
    if (pending === 0 || window.resetAt <= this.now()) return;
    window.pending = 0;
    await this.add(db, id, pending).catch(() => {});
  }

  /** Adds `count` to the shared window of `id` (starting a new window if it has ended) and remembers the result. */
  private async add(db: Executor, id: string, count: number): Promise<SharedWindow> {
    // A new window starts at `count`; within the window the count rises (past the limit too: refused requests count).
    const result = await db.execute<{ count: number; reset_ms: number }>(sql`
      INSERT INTO ${rateLimitWindows} AS w (bucket, count, reset_at)
      VALUES (${id}, ${count}, now() + ${this.options.windowMs} * interval '1 millisecond')
      ON CONFLICT (bucket) DO UPDATE SET
        count = CASE WHEN w.reset_at <= now() THEN EXCLUDED.count ELSE w.count + EXCLUDED.count END,
        reset_at = CASE WHEN w.reset_at <= now() THEN EXCLUDED.reset_at ELSE w.reset_at END
      RETURNING count, (extract(epoch FROM reset_at - now()) * 1000)::float8 AS reset_ms`);
    const { count: total, reset_ms: resetMs } = result.rows[0]!;
    if (++this.taken % SWEEP_EVERY === 0) {
      await db.execute(sql`DELETE FROM ${rateLimitWindows} WHERE reset_at < now() - interval '1 minute'`);
    }
    const known = this.shared.get(id);
    const window: SharedWindow = { count: Number(total), pending: known?.pending ?? 0, resetAt: this.now() + Number(resetMs) };
    this.shared.set(id, window);
    return window;
  }

  /** reset_at is kept to the millisecond: a rounding up must not show more than a window. */
  private resetSecondsOf(ms: number): number {
    return Math.min(Math.ceil(this.options.windowMs / 1000), Math.max(1, Math.ceil(ms / 1000)));
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
    for (const windows of [this.windows, this.shared]) {
      for (const [id, window] of windows) if (window.resetAt <= now) windows.delete(id);
    }
  }
}
