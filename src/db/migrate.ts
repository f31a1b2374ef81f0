import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { prepareJobStorage } from '../jobs/job-queue.js';
import { registry } from '../jobs/registry.js';
import type { Database } from './client.js';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies the committed SQL migrations and prepares the job queue's storage; safe to run on every start (applied ones are skipped).
 * Connects first, so a database that cannot be reached is reported with its cause (wrong
 * password, nothing listening, no such database) rather than as the migrator's first query.
 */
export async function migrateDatabase(db: Database): Promise<void> {
  try {
    await db.$client.query('SELECT 1');
  } catch (error) {
    throw new Error(`Cannot connect to the database at ${describeTarget(db)}: ${causeOf(error)}`, { cause: error });
  }
  try {
    await migrate(db, { migrationsFolder });
    await prepareJobStorage(
      db,
      registry.jobs.map((job) => ({ name: job.name, policy: job.policy })),
    );
  } catch (error) {
    throw new Error(`Migrating the database at ${describeTarget(db)} failed: ${causeOf(error)}`, { cause: error });
  }
}

/** host:port/database of the pool, without the user or password. */
function describeTarget(db: Database): string {
  try {
    const url = new URL(db.$client.options.connectionString ?? '');
    return `${url.host}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** The innermost error's message: drizzle wraps the driver's in "Failed query: …". */
function causeOf(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  // AggregateError (IPv4 and IPv6 both refused) has an empty message of its own.
  const message = current.message || (current instanceof AggregateError ? String(current.errors[0]) : current.name);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
