import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The current window of each (tier, API key hash) counter, shared by every server process.
 * UNLOGGED (appended to migration 0012): counters need no crash safety, and unlogged writes
 * skip the WAL.
 */
export const rateLimitWindows = pgTable('rate_limit_windows', {
  /** `<tier>:<API key hash>`. */
  bucket: text('bucket').primaryKey(),
  count: integer('count').notNull(),
  resetAt: timestamp('reset_at', { withTimezone: true, precision: 3 }).notNull(),
});
