import { Command, Option } from 'commander';
import { loadConfig } from './config.js';
import { connectDatabase, type Database } from './db/client.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrateDatabase } from './db/migrate.js';
import { serve } from './main.js';
import { WorkspacesService, type ApiKeySummary } from './modules/workspaces/workspaces.service.js';
import { AuthService } from './modules/auth/auth.service.js';
import { UsersService } from './modules/users/users.service.js';
import { version } from './version.js';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A uuid argument, or undefined when absent; anything else stops the command with a message naming the argument. */
function uuidArgument(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && !UUID.test(value.trim())) {
    throw new Error(`${name} must be a uuid, such as 3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90`);
  }
  return value?.trim();
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

const program = new Command('switchboard')
  .description('Switchboard: open-source backend for AI customer engagement. Settings come from the environment (see .env.example).')
  .version(version, '-v, --version', 'Print the version')
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the API server (on the embedded PostgreSQL in DATA_DIR unless DATABASE_URL is set) until SIGINT/SIGTERM')
  .addOption(
    new Option('--role <role>', 'all: HTTP and background work; api: HTTP only (run `switchboard worker` beside it)')
      .choices(['all', 'api'])
      .default('all'),
  )
  .action(async (options: { role: 'all' | 'api' }) => {
    await serve(loadConfig(), undefined, options.role);
  });

program
  .command('worker')
  .description(
    'Run the background work only (inbound processing, agent turns, webhook deliveries, sends, schedules), beside `serve --role api` processes on the same DATABASE_URL',
  )
  .action(async () => {
    await serve(loadConfig(), undefined, 'worker');
  });

program
  .command('migrate')
  .description('Apply the database migrations and exit')
  .action(async () => {
    await withDatabase(async () => undefined);
    process.stdout.write('migrations applied\n');
  });

const workspaceCommand = program.command('workspace').description('Manage workspaces');

workspaceCommand
  .command('create')
  .argument('<name>', 'the workspace name')
  .description('Create a workspace and print it with its first API key as JSON (the key is shown only this once)')
  .action(async (name: string) => {
    const trimmed = name.trim();
    if (!trimmed) program.error('the workspace name must not be empty');
    const created = await withDatabase((db) => new WorkspacesService(db).createWorkspace(trimmed));
    printJson({
      workspace: { id: created.workspace.id, name: created.workspace.name },
      apiKey: created.apiKey,
      apiKeyId: created.apiKeyId,
    });
  });

workspaceCommand
  .command('list')
  .description('Print the workspaces as JSON, the default (first) one first')
  .action(async () => {
    const workspaces = await withDatabase((db) => new WorkspacesService(db).listWorkspaces());
    printJson(workspaces.map((workspace) => ({ id: workspace.id, name: workspace.name, createdAt: workspace.createdAt })));
  });

const apiKeys = program.command('api-key').description("Manage a workspace's API keys");

function keyJson(key: ApiKeySummary) {
  return { id: key.id, prefix: key.prefix, createdAt: key.createdAt, revokedAt: key.revokedAt };
}

apiKeys
  .command('list')
  .argument('[workspace-id]', 'the workspace (default: the first workspace, created at first start)')
  .description("Print a workspace's API keys as JSON: id, prefix, when issued and revoked (the keys themselves are never kept)")
  .action(async (workspaceId?: string) => {
    const keys = await withDatabase(async (db) => {
      const workspaces = new WorkspacesService(db);
      return workspaces.listApiKeys((await workspaces.getWorkspace(uuidArgument(workspaceId, 'workspace-id'))).id);
    });
    printJson(keys.map(keyJson));
  });

apiKeys
  .command('create')
  .argument('[workspace-id]', 'the workspace (default: the first workspace)')
  .description('Issue another API key and print it with its id as JSON (the key is shown only this once)')
  .action(async (workspaceId?: string) => {
    const issued = await withDatabase(async (db) => {
      const workspaces = new WorkspacesService(db);
      return workspaces.issueApiKey((await workspaces.getWorkspace(uuidArgument(workspaceId, 'workspace-id'))).id);
    });
    printJson(issued);
  });

apiKeys
  .command('revoke')
  .argument('<key-id>', 'the key id (from `api-key list`)')
  .description('Revoke an API key: requests and event streams using it are refused from then on (other running servers: within 10 s)')
  .action(async (keyId: string) => {
    const id = uuidArgument(keyId, 'key-id')!;
    await withDatabase((db) => new WorkspacesService(db).revokeApiKey(id));
    process.stdout.write(`revoked ${keyId}\n`);
  });

const userCommand = program.command('user').description('Manage team members who log into the inbox (/app)');

userCommand
  .command('create')
  .requiredOption('--email <email>', "the member's email (their login)")
  .requiredOption('--name <name>', "the member's name")
  .option('--admin', 'make the member an admin (default: agent)', false)
  .option('--password <password>', 'their password, 10 characters at least (default: a generated one, printed once)')
  .option('--workspace <workspace-id>', 'the workspace (default: the first workspace)')
  .description('Create a team member who can log into the inbox; prints them as JSON, with the password when it was generated')
  .action(async (options: { email: string; name: string; admin: boolean; password?: string; workspace?: string }) => {
    const config = loadConfig();
    const created = await withDatabase((db) =>
      new AuthService(
        db,
        { users: new UsersService(db) },
        {
          sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
          loginWindowMs: config.LOGIN_WINDOW_SECONDS * 1000,
          maxAttemptsPerEmail: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
          maxAttemptsPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
        },
      ).createMemberWithPassword({
        email: options.email.trim(),
        name: options.name.trim(),
        admin: options.admin,
        password: options.password,
        workspaceId: uuidArgument(options.workspace, '--workspace'),
      }),
    );
    printJson({
      user: { id: created.user.id, uuid: created.user.uuid, email: created.user.email, name: created.user.name, role: created.user.role },
      ...(created.generated ? { password: created.password } : {}),
    });
  });

try {
  await program.parseAsync();
  // Every command has released what it held by now; a stray handle must not keep the process alive.
  process.exit(0);
} catch (error) {
  process.stderr.write(`switchboard: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
