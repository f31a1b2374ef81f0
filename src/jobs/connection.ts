import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Database, Executor } from '../db/client.js';
import * as schema from '../db/schema.js';

/** The pool behind a Database (drizzle keeps it as `$client`). */
export function poolOf(db: Database): pg.Pool {
  const client = (db as Database & { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) throw new Error('the database handle is not backed by a pg pool');
  return client;
}

/**
 * Settings for connections of our own beside the pool (pg-boss's pool, the LISTEN client),
 * taken from the pool so that they reach the same database.
 */
export function connectionConfigOf(db: Database): pg.ClientConfig {
  const { connectionString, host, port, user, password, database, ssl } = poolOf(db).options;
  return { connectionString, host, port, user, password, database, ssl };
}

/** A transaction that Drizzle and pg-boss both write in, so a job exists exactly when the rows it is about do. */
export interface JobTransaction {
  db: Executor;
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * A Drizzle handle per pooled connection, made once: making one reads the whole schema's
 * relations, which cost more CPU than a transaction's queries.
 */
const handles = new WeakMap<pg.PoolClient, Executor>();

function handleOf(client: pg.PoolClient): Executor {
  let handle = handles.get(client);
  if (!handle) handles.set(client, (handle = drizzle(client, { schema })));
  return handle;
}

export async function inJobTransaction<T>(db: Database, work: (transaction: JobTransaction) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work({
      db: handleOf(client),
      executeSql: (text, values) => client.query(text, values),
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    // A connection that cannot even roll back is not given back to the pool.
    client.release(broken);
  }
}
