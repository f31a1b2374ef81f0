import { Command } from 'commander';
import { loadConfig } from './config.js';
import { connectDatabase } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { serve } from './main.js';
import { WorkspacesService } from './modules/workspaces/workspaces.service.js';

/** Runs `work` against the configured database, sharing an embedded one a live server already runs. */
async function withDatabase<T>(work: (db: ReturnType<typeof connectDatabase>['db']) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, mode: 'shared' });
  const handle = connectDatabase(config.DATABASE_URL ?? embedded!.url);
  try {
    await migrateDatabase(handle.db);
    return await work(handle.db);
  } finally {
    await handle.close();
    await embedded?.stop();
  }
}

const program = new Command('switchboard').description('Switchboard: open-source backend for AI customer engagement');

program
  .command('serve')
  .description('Run the API server (embedded PostgreSQL unless DATABASE_URL is set)')
  .action(async () => serve(loadConfig()));

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
  .command('create <name>')
  .description('Create a workspace and print it with its first API key as JSON')
  .action(async (name: string) => {
    const created = await withDatabase((db) => new WorkspacesService(db).createWorkspace(name));
    process.stdout.write(`${JSON.stringify({ workspace: { id: created.workspace.id, name: created.workspace.name }, apiKey: created.apiKey }, null, 2)}\n`);
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
