import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { buildApp, type App, type AppDependencies } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup.js';

export interface TestApp extends App {
  database: DatabaseHandle;
  /** Creates a workspace and returns its API key and id. */
  newWorkspace(name?: string): Promise<{ apiKey: string; workspaceId: string }>;
  close(): Promise<void>;
}

/** Clones the migrated template into a database of this test file's own. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('serverUrl');
  const name = `switchboard_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  await admin.end();
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Apps built by this test file; closed after its last test. */
const openApps = new Set<TestApp>();
// Registered when the helper is imported, i.e. on the file's root suite: an afterAll
// registered from inside beforeAll or a test would not reliably run.
afterAll(async () => {
  await Promise.all([...openApps].map((app) => app.close()));
});

/**
 * Test settings: webhook receivers run on loopback, job workers poll often, and rate limits
 * stay out of the way unless a test sets its own.
 */
const TEST_DEFAULTS: Partial<Config> = {
  WEBHOOK_ALLOW_PRIVATE_URLS: true,
  JOBS_POLLING_INTERVAL_SECONDS: 0.5,
  RATE_LIMIT_MAX: 1_000_000,
  RATE_LIMIT_SEARCH_MAX: 1_000_000,
};

/**
 * A full app on a fresh database, closed after the file's tests. Tests drive it with
 * `app.server.inject(...)`; `onRoute` sees every route as it is registered.
 */
export async function buildTestApp(
  overrides: Partial<Config> = {},
  options: Pick<AppDependencies, 'onRoute' | 'providers'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), DATABASE_URL: database.url, ...TEST_DEFAULTS, ...overrides };
  const handle = connectDatabase(database.url, { max: 5 });
  const app = await buildApp({ config, db: handle.db, logger: false, onRoute: options.onRoute, providers: options.providers });
  const testApp: TestApp = {
    ...app,
    database: handle,
    async newWorkspace(name = 'Test workspace') {
      const { workspace, apiKey } = await app.services.workspaces.createWorkspace(name);
      return { apiKey, workspaceId: workspace.id };
    },
    async close() {
      if (!openApps.delete(testApp)) return;
      await app.server.close();
      await app.background.stop();
      await handle.close();
      await database.drop();
    },
  };
  openApps.add(testApp);
  return testApp;
}

/** Headers for a request made with `apiKey`. */
export function auth(apiKey: string): Record<string, string> {
  return { authorization: `Bearer ${apiKey}` };
}
