import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../../src/db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { buildWeb } from '../../scripts/build-web.js';

export const TEMPLATE_DATABASE = 'switchboard_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL to the server's maintenance database, for creating per-file databases. */
    serverUrl: string;
  }
}

/**
 * One PostgreSQL for the whole run: the server at DATABASE_URL, else an embedded one in a
 * temporary directory. A template database is migrated once; each test file clones it.
 */
export default async function setup(project: TestProject) {
  // The browser tests load the built widget (dist/web), as a fresh clone's `npm start` would.
  await buildWeb();
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-test-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    url = embedded.url;
  }
  const serverUrl = withDatabase(url, 'postgres');
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();

  const template = connectDatabase(withDatabase(url, TEMPLATE_DATABASE));
  await migrateDatabase(template.db);
  await template.close();

  project.provide('serverUrl', serverUrl);
  return async () => {
    await embedded?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
