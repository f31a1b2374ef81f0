/**
 * `npx tsx bench/catchup-profile.ts`: where a `serve` process spends the catch-up after a burst
 * of WhatsApp deliveries. BENCH_SECONDS of signed deliveries (1,000 senders) to one `serve`
 * process, then, while it turns the backlog into messages, pg_stat_activity sampled every
 * 100 ms (what the server's connections are doing) and the messages stored per second. With
 * BENCH_CPU_PROF=<dir> the server writes a CPU profile there (`node --cpu-prof`) when it stops.
 */
import pg from 'pg';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { WorkspacesService } from '../src/modules/workspaces/workspaces.service.js';
import { freshDatabase } from './fresh-database.js';
import { startServer } from './processes.js';
import { disableAgents, measureWebhookIngestion } from './webhook-ingestion.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const database = await freshDatabase('catchup');
const handle = connectDatabase(database.url);
await migrateDatabase(handle.db);
const { apiKey } = await new WorkspacesService(handle.db).createWorkspace('Catch-up profile');
await handle.close();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
const env: Record<string, string> = {
  DATABASE_URL: database.url,
  LOG_LEVEL: 'warn',
  RATE_LIMIT_ENABLED: 'false',
  WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
};
const nodeArgs = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const port = 20_000 + Math.floor(Math.random() * 20_000);
const server = await startServer('src/cli.ts', ['serve'], env, port, /listening/, nodeArgs).catch(async (error: unknown) => {
  await client.end();
  await database.drop();
  throw error;
});
try {
  const ingested = await measureWebhookIngestion({
    serverUrl: server.url,
    apiKey,
    seconds: SECONDS,
    connections: 32,
    // BENCH_AGENTS=on: leave the default agent answering (and replying to the provider).
    onFirstDelivery: process.env.BENCH_AGENTS === 'on' ? undefined : () => disableAgents(client),
  });
  process.stdout.write(`ingestion: ${ingested.requestsPerSecond.toFixed(0)} acknowledged/s, ${ingested.acknowledged} acknowledged\n`);
  const count = async () => Number((await client.query('SELECT count(*) AS n FROM messages')).rows[0].n);
  const samples = new Map<string, number>();
  let sampled = 0;
  const startCount = await count();
  const started = performance.now();
  for (let ends = started + 60_000; performance.now() < ends;) {
    const pending = await client.query('SELECT 1 FROM inbound_webhooks WHERE processed_at IS NULL LIMIT 1');
    if (!pending.rowCount) break;
    const { rows } = await client.query<{ what: string }>(
      `SELECT coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS what
       FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`,
    );
    sampled += 1;
    for (const row of rows) samples.set(row.what, (samples.get(row.what) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const stored = (await count()) - startCount;
  process.stdout.write(`catch-up: ${stored} messages in ${seconds.toFixed(1)} s = ${(stored / seconds).toFixed(0)}/s\n`);
  process.stdout.write(`active statements over ${sampled} samples (count: wait | query):\n`);
  for (const [what, n] of [...samples].sort((a, b) => b[1] - a[1]).slice(0, 25))
    process.stdout.write(`${String(n).padStart(5)}  ${what}\n`);
} finally {
  await server.stop();
  await client.end();
  await database.drop();
}
