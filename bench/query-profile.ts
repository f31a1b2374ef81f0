import pg from 'pg';

interface Tally {
  count: number;
  totalMs: number;
}

/**
 * With BENCH_PROFILE=1: counts every query this process sends (the pool's, pg-boss's, the
 * LISTEN client's) and the time until its answer, by the statement's first words. The time
 * includes waiting in PostgreSQL (locks, CPU), not waiting for a pooled connection.
 */
export function profileQueries(): { report(top: number): string[] } | undefined {
  if (process.env.BENCH_PROFILE !== '1') return undefined;
  const tallies = new Map<string, Tally>();
  const prototype = pg.Client.prototype as unknown as { query: (this: pg.Client, ...args: unknown[]) => unknown };
  const original = prototype.query;
  prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
    const started = performance.now();
    const note = () => {
      const tally = tallies.get(key) ?? { count: 0, totalMs: 0 };
      tally.count += 1;
      tally.totalMs += performance.now() - started;
      tallies.set(key, tally);
    };
    // The pool calls with a callback (no promise comes back): time until the callback.
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (...results: unknown[]) => unknown;
      args[callbackAt] = (...results: unknown[]) => {
        note();
        return callback(...results);
      };
    }
    const result = original.apply(this, args);
    if (callbackAt < 0 && result && typeof (result as Promise<unknown>).then === 'function') (result as Promise<unknown>).then(note, note);
    return result;
  };
  return {
    report(top) {
      const sorted = [...tallies.entries()].sort((a, b) => b[1].totalMs - a[1].totalMs).slice(0, top);
      const total = [...tallies.values()].reduce((sum, tally) => sum + tally.count, 0);
      return [
        `queries: ${total} in all`,
        ...sorted.map(
          ([key, { count, totalMs }]) => `${String(count).padStart(7)} × ${(totalMs / count).toFixed(1).padStart(7)} ms  ${key}`,
        ),
      ];
    },
  };
}
