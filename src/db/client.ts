import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle; repositories accept either this or the database. */
export type Executor = NodePgDatabase<typeof schema> | Parameters<Parameters<Database['transaction']>[0]>[0];

// bigint columns hold ids and counts far below 2^53: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number; onError?: (error: Error) => void } = {}): DatabaseHandle {
  // Sessions in UTC, whatever the server's TimeZone: in a local time zone, dates before standard
  // time print with offsets in seconds (local mean time) that JavaScript cannot read back.
  // `options` given in the URL (e.g. a provider's routing options) take precedence.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 20, options: '-c TimeZone=UTC' });
  // An idle client dropped by a PostgreSQL restart emits 'error' on the pool; without a
  // listener that would crash the process. The pool discards the client and makes a new one.
  pool.on('error', (error) => options.onError?.(error));
  // The pool listens only on idle clients. One checked out (in a transaction) whose connection
  // drops also emits 'error' (after failing its query), and with no listener that would crash
  // the process; the pool discards such a client when it is released.
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema });
  return { db, pool, close: () => pool.end() };
}
