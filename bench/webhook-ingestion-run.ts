/**
 * `npx tsx bench/webhook-ingestion-run.ts`: benchmark (e), the signed inbound webhook
 * ingestion rate, on its own: a throwaway embedded PostgreSQL (or a new database on the server
 * at DATABASE_URL), a new workspace seeded with BENCH_CONTACTS contacts (default 100,000), the
 * real server in a child process, then measureWebhookIngestion. BENCH_SECONDS sets the timed
 * run (default 10), BENCH_CONNECTIONS the concurrency (default 32); BENCH_CPU_PROF=<dir> runs
 * the server under `node --cpu-prof` and leaves its CPU profile (.cpuprofile) there.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { WorkspacesService } from '../src/modules/workspaces/workspaces.service.js';
import { root, startServer, type Server } from './processes.js';
import { seedContacts } from './seed.js';
import { measureWebhookIngestion } from './webhook-ingestion.js';
import { freshDatabase } from './fresh-database.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const PORT = Number(process.env.BENCH_PORT ?? 3997);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROF;
const log = (line: string) => process.stdout.write(`${line}\n`);

const database = await freshDatabase('webhook');
try {
  const handle = connectDatabase(database.url);
  await migrateDatabase(handle.db);
  const { workspace, apiKey } = await new WorkspacesService(handle.db).createWorkspace('Webhook benchmark');
  await handle.close();
  // A workspace with history, so the planner sees realistic tables (as in `npm run bench`).
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const { rows } = await client.query<{ id: number }>('SELECT id FROM workspaces WHERE uuid = $1', [workspace.id]);
  if (CONTACTS > 0) {
    log(`seeding ${CONTACTS.toLocaleString('en-US')} contacts`);
    await seedContacts(client, Number(rows[0]!.id), CONTACTS, () => {});
  }
  await client.query('ANALYZE');
  await client.end();

  const serverEnv = { DATABASE_URL: database.url, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false' };
  const server = CPU_PROFILE_DIR
    ? await startProfiledServer(serverEnv, path.resolve(CPU_PROFILE_DIR))
    : await startServer('src/cli.ts', ['serve'], serverEnv, PORT, /listening/);
  try {
    log(`(e) signed inbound webhook ingestion: ${SECONDS}s, ${CONNECTIONS} connections, 1,000 senders`);
    const result = await measureWebhookIngestion({ serverUrl: server.url, apiKey, seconds: SECONDS, connections: CONNECTIONS });
    log(JSON.stringify(result, null, 2));
    const verdict = result.requestsPerSecond >= 3000 ? 'met' : 'missed';
    log(
      `| (e) signed inbound webhook ingestion | **${result.requestsPerSecond.toFixed(0)} req/s** from known senders (autocannon, ${SECONDS}s, ${result.connections} connections, 1,000 senders; p99 ${result.latencyP99} ms); first messages of new senders ${result.newSenderRequestsPerSecond.toFixed(0)} req/s; non-2xx ${result.non2xx}; ${result.stored} stored of ${result.acknowledged} acknowledged, processing caught up ${result.catchUpSeconds.toFixed(1)}s after the run | ≥ 3,000 req/s | ${verdict} |`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.drop();
}
process.exit(0);

/** The server as startServer runs it, under `node --cpu-prof` (not allowed in NODE_OPTIONS); the profile is written on exit. */
async function startProfiledServer(env: Record<string, string>, profileDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'],
    { cwd: root, env: { ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
  return {
    process: child,
    url: `http://127.0.0.1:${PORT}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
