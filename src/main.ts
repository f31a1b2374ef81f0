import { buildApp } from './app.js';
import type { Config } from './config.js';
import { connectDatabase } from './db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';

export interface RunningDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** The database to use: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  log(`starting the embedded PostgreSQL in ${config.DATA_DIR}`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
  return { url: embedded.url, embedded };
}

/** Boot: config → database → migrate → app → listen, with a graceful shutdown on SIGINT/SIGTERM. */
export async function serve(config: Config): Promise<void> {
  const say = (message: string) => process.stdout.write(`${message}\n`);
  const database = await openDatabase(config, say);
  const handle = connectDatabase(database.url, { onError: (error) => say(`database connection lost: ${error.message}`) });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal} received: shutting down`);
    await app?.server.close().catch(() => {});
    await handle.close().catch(() => {});
    await database.embedded?.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    await migrateDatabase(handle.db);
    app = await buildApp({ config, db: handle.db });
    const { workspace, newApiKey } = await app.services.workspaces.ensureDefaultWorkspace(config.BOOTSTRAP_API_KEY);
    await app.server.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const base = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;
    say(`Switchboard is listening on ${base}`);
    say(`API reference: ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
    if (newApiKey) {
      say(`Created workspace "${workspace.name}" (${workspace.id}). Its API key, shown only this once:`);
      say(`  ${newApiKey}`);
    } else if (config.BOOTSTRAP_API_KEY) {
      say(`API key: the BOOTSTRAP_API_KEY you set opens workspace "${workspace.name}" (${workspace.id})`);
    } else {
      say(`Workspace "${workspace.name}" (${workspace.id}) exists; use the API key printed at its first start, or make one with "switchboard workspace create <name>"`);
    }
  } catch (error) {
    await app?.server.close().catch(() => {});
    await handle.close().catch(() => {});
    await database.embedded?.stop().catch(() => {});
    throw error;
  }
}
