import { Command } from 'commander';
import { loadConfig } from './config.js';
import { connectDatabase, type Database } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { serve } from './main.js';
import { WorkspacesService } from './modules/workspaces/workspaces.service.js';

/**
 * Runs `work` against the configured database after migrating it. Beside a live server on the
 * same DATA_DIR it uses that server's embedded PostgreSQL; otherwise it starts one for the
 * duration of the command.
 */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, mode: 'shared' });
  try {
    const handle = connectDatabase(config.DATABASE_URL ?? embedded!.url, { max: 2 });
    try {
      await migrateDatabase(handle.db);
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  } finally {
    await embedded?.stop();
  }
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const program = new Command('switchboard')
  .description('Switchboard: open-source backend for AI customer engagement. Settings come from the environment (see .env.example).')
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the API server (on the embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set) until SIGINT/SIGTERM')
  .action(async () => {
    await serve(loadConfig());
  });

program
  .command('migrate')
  .description('Apply the database migrations and exit')
  .action(async () => {
    await withDatabase(async () => undefined);
    process.stdout.write('migrations applied\n');
  });

program
  .command('workspace')
  .description('Manage workspaces')
  .command('create')
  .argument('<name>', 'the workspace name')
  .description('Create a workspace and print it with its first API key as JSON (the key is shown only this once)')
  .action(async (name: string) => {
    const trimmed = name.trim();
    if (!trimmed) program.error('the workspace name must not be empty');
    const created = await withDatabase((db) => new WorkspacesService(db).createWorkspace(trimmed));
    printJson({ workspace: { id: created.workspace.id, name: created.workspace.name }, apiKey: created.apiKey });
  });

try {
  await program.parseAsync();
  // Every command has released what it held by now; a stray handle must not keep the process alive.
  process.exit(0);
} catch (error) {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
