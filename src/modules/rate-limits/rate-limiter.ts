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
 * Fixed-window request counters per API key and tier, in this process's memory: cheap enough
 * for every request. With several server processes each keeps its own count (documented in
 * docs/idempotency-and-rate-limits.md).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private opened = 0;

  constructor(
    readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key` in `tier` if its budget allows it. */
  take(key: string, tier: RateLimitTier): RateLimitDecision {
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
