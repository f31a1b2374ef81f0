import { buildApp, type App } from './app.js';
import type { Config } from './config.js';
import { connectDatabase } from './db/client.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import type { Workspace } from './modules/workspaces/workspaces.service.js';

export interface RunningDatabase {
  url: string;
  embedded?: EmbeddedDatabase;
}

/** The database to use: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. */
export async function openDatabase(config: Config, log: (message: string) => void): Promise<RunningDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  log(`starting the embedded PostgreSQL in ${config.DATA_DIR}`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, log });
  return { url: embedded.url, embedded };
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * What a process does (docs/scaling.md): `all` (the default) answers HTTP and runs the
 * background; `api` answers HTTP only (its realtime streams still listen for events);
 * `worker` runs the background only (inbound processing, outbox consumers such as webhook
 * dispatch and the agent runtime, webhook deliveries, sends, schedules). Any number of each
 * share one PostgreSQL: work is claimed with row locks, leases and SKIP LOCKED.
 */
export type ProcessRole = 'all' | 'api' | 'worker';

/**
 * Boot: config → database → migrate → app → listen. Resolves once the server has shut down
 * gracefully on SIGINT, SIGTERM or SIGHUP (a signal during start-up ends it as soon as the
 * current step is done); a second signal exits at once.
 */
export async function serve(
  config: Config,
  say: (message: string) => void = (message) => process.stdout.write(`${message}\n`),
  role: ProcessRole = 'all',
): Promise<void> {
  let stopRequested: string | undefined;
  let requestStop = () => {};
  const stopped = new Promise<void>((resolve) => (requestStop = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopRequested) {
      say(`${signal} received again: exiting without waiting`);
      process.exit(1);
    }
    stopRequested = signal;
    say(`${signal} received: shutting down`);
    requestStop();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  // Released in reverse order of acquisition, whether start-up finished or not.
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const database = await openDatabase(config, say);
    const { embedded } = database;
    if (embedded) cleanups.push(() => embedded.stop());
    if (stopRequested) return;
    // While stopping, PostgreSQL ending idle connections is expected (Ctrl-C reaches it too).
    const onError = (error: Error) => {
      if (!stopRequested) say(`database connection lost: ${error.message}`);
    };
    const handle = connectDatabase(database.url, { onError });
    cleanups.push(() => handle.close());
    await migrateDatabase(handle.db);
    if (stopRequested) return;
    const app = await buildApp({ config, db: handle.db });
    // Stopped after the server (cleanups run in reverse): no request is left that could need them.
    cleanups.push(() => app.background.stop());
    cleanups.push(() => app.server.close());
    if (role === 'worker') {
      await app.background.start();
      say(`Switchboard worker ${process.pid} is running (inbound processing, consumers, deliveries, sends, schedules)`);
      await stopped;
      return;
    }
    const { workspace, newApiKey } = await app.services.workspaces.ensureDefaultWorkspace(config.BOOTSTRAP_API_KEY);
    const firstAdmin = await app.services.auth.ensureFirstAdmin(config.BOOTSTRAP_ADMIN_EMAIL);
    if (stopRequested) return;
    await app.background.start({ work: role === 'all' });
    if (stopRequested) return;
    await app.server.listen({ port: config.PORT, host: config.HOST });
    announce(app, config, say, { workspace, newApiKey, firstAdmin });
    if (role === 'api') say('Role api: HTTP only; run `switchboard worker` for the background work');
    await stopped;
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => say(`while shutting down: ${error instanceof Error ? error.message : String(error)}`));
    }
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    if (stopRequested) say('stopped');
  }
}

function announce(
  app: App,
  config: Config,
  say: (message: string) => void,
  {
    workspace,
    newApiKey,
    firstAdmin,
  }: { workspace: Workspace; newApiKey?: { apiKey: string; id: string }; firstAdmin?: { email: string; password: string } },
): void {
  const address = app.server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // A wildcard address is not one a browser can open; loopback reaches it.
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? 'localhost' : config.HOST;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  say(`Switchboard is listening on ${base}`);
  say(`API reference: ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
  if (newApiKey) {
    say(`Created workspace "${workspace.name}" (${workspace.id}). Its API key, shown only this once:`);
    say(`  ${newApiKey.apiKey}`);
    say(
      `  (key id ${newApiKey.id}: list keys with \`switchboard api-key list\`, revoke this one with \`switchboard api-key revoke ${newApiKey.id}\`)`,
    );
  } else if (config.BOOTSTRAP_API_KEY) {
    say(`API key: the BOOTSTRAP_API_KEY you set opens workspace "${workspace.name}" (${workspace.id})`);
  } else {
    // Keys are stored hashed, so an existing one cannot be shown again.
    say(
      `Workspace "${workspace.name}" (${workspace.id}) exists: use an API key issued for it earlier (keys are shown only once), ` +
        'set BOOTSTRAP_API_KEY, or create a workspace with a new key: switchboard workspace create <name>',
    );
  }
  // After the API key lines, which scripts and tests read right below the address.
  say(`Team inbox: ${base}/app`);
  if (firstAdmin) {
    // Passwords are stored hashed: like the first API key, this one is shown only now.
    say(`Created the first inbox admin, ${firstAdmin.email}. Their password, shown only this once:`);
    say(`  ${firstAdmin.password}`);
    say('  (add members with `switchboard user create --email … --name …`, or POST /api/v1/users and PUT /api/v1/users/{id}/password)');
  }
}
