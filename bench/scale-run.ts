/**
 * `npx tsx bench/scale-run.ts`: issue 14's benchmarks in one run, on a throwaway database.
 * (e) acknowledged signed WhatsApp deliveries/s and (f) deliveries turned into stored messages
 * per second, sustained, with the p95 delay from acknowledgement (inbound_webhooks.received_at)
 * to stored message (messages.created_at): first one `serve` process, then `serve --role api`
 * with two `worker`s; (g) webhook deliveries/s to a loopback receiver with 1 and 100
 * subscriptions; and the cost of the shared rate limit on (a), GET contact by id with rate
 * limits in PostgreSQL against rate limits off. BENCH_SECONDS: timed run of (e)/(f), default 30.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { WorkspacesService } from '../src/modules/workspaces/workspaces.service.js';
import { freshDatabase } from './fresh-database.js';
import { measureThroughput } from './load.js';
import { startServer, type Server } from './processes.js';
import { measureWebhookIngestion } from './webhook-ingestion.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const log = (line: string) => process.stdout.write(`${line}\n`);
const rows: string[] = [];
log(
  `load average at start: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')}`,
);

const database = await freshDatabase('scale');
const handle = connectDatabase(database.url);
await migrateDatabase(handle.db);
const { workspace, apiKey } = await new WorkspacesService(handle.db).createWorkspace('Scale benchmark');
await handle.close();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
// (f) measures messages stored in their chats and handed to the agent runtime (message.created
// committed); the agent's answers are bench/agent-turns.ts's measure, so the workspace's agent is off.
await client.query(`UPDATE agents SET settings = settings || '{"enabled": false}'::jsonb`);
const base = { DATABASE_URL: database.url, LOG_LEVEL: 'warn', RATE_LIMIT_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' };
// Ports of their own, away from other benches and servers on the machine.
let port = 20_000 + Math.floor(Math.random() * 20_000);
const serve = (args: string[], env: Record<string, string> = {}) =>
  startServer('src/cli.ts', args, { ...base, ...env }, port++, args[0] === 'worker' ? /worker \d+ is running/ : /listening/);

async function ingestion(label: string, servers: Server[], apiUrl: string): Promise<void> {
  const since = (await client.query<{ now: Date }>('SELECT now()')).rows[0]!.now;
  const result = await measureWebhookIngestion({ serverUrl: apiUrl, apiKey, seconds: SECONDS, connections: 32 });
  // Every stored delivery processed (at most 5 minutes), so the next phase starts with no backlog.
  for (const ends = performance.now() + 300_000; performance.now() < ends;) {
    if (!(await client.query('SELECT 1 FROM inbound_webhooks WHERE processed_at IS NULL LIMIT 1')).rowCount) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const {
    rows: [stats],
  } = await client.query(
    `SELECT count(*)::int AS stored,
            extract(epoch FROM max(m.created_at) - min(w.received_at))::float8 AS span,
            (percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM m.created_at - w.received_at)))::float8 AS p95
     FROM inbound_webhooks w
     JOIN messages m ON m.workspace_id = w.workspace_id AND m.provider_id = w.payload #>> '{entry,0,changes,0,value,messages,0,id}'
     WHERE w.received_at >= $1`,
    [since],
  );
  const perSecond = stats.stored / stats.span;
  log(`${label}: ${JSON.stringify({ ...result, ...stats, perSecond })}`);
  rows.push(
    `| (e) acknowledged signed deliveries, ${label} | **${result.requestsPerSecond.toFixed(0)}/s** (autocannon, ${SECONDS} s, 32 connections, 1,000 senders; p99 ${result.latencyP99} ms; non-2xx ${result.non2xx}) | ≥ 3,000/s | ${result.requestsPerSecond >= 3000 ? 'met' : 'missed'} |`,
    `| (f) deliveries stored as messages, ${label} | **${perSecond.toFixed(0)}/s** sustained (${stats.stored} messages from first acknowledgement to last stored, ${stats.span.toFixed(1)} s); p95 ack→stored **${stats.p95.toFixed(2)} s**; ${result.stored} stored of ${result.acknowledged} acknowledged | ≥ 2,000/s, p95 ≤ 2 s | ${perSecond >= 2000 && stats.p95 <= 2 ? 'met' : 'missed'} |`,
  );
  void servers;
}

/** Parts to run: `ef` ingestion, `g` webhook deliveries, `a` the rate limit's cost; all by default. */
const ONLY = process.env.BENCH_ONLY ?? 'efga';
let servers: Server[] = [];
if (ONLY.includes('e') || ONLY.includes('f')) {
  // (e), (f): one process doing everything.
  servers = [await serve(['serve'])];
  await ingestion('one `serve` process', servers, servers[0]!.url);
  for (const server of servers) await server.stop();
  // (f) with two workers beside an API process.
  servers = [await serve(['serve', '--role', 'api']), await serve(['worker']), await serve(['worker'])];
  await ingestion('`serve --role api` + 2 `worker`s', servers, servers[0]!.url);
  for (const server of servers) await server.stop();
}

// (g) webhook deliveries to a loopback receiver.
let received = 0;
const receiver = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    received += 1;
    response.writeHead(200).end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
const {
  rows: [{ id: workspaceId }],
} = await client.query('SELECT id FROM workspaces WHERE uuid = $1', [workspace.id]);
servers = [await serve(['serve'], { WEBHOOK_CONCURRENCY: '32' })];
for (const [subscriptions, events] of [
  [1, 5_000],
  [100, 100],
] as const) {
  await client.query('DELETE FROM webhook_subscriptions WHERE workspace_id = $1', [workspaceId]);
  for (let index = 0; index < subscriptions; index++) {
    const response = await fetch(`${servers[0]!.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${receiverUrl}/${index}`, eventTypes: ['bench.ping', 'contact.created'] }),
    });
    if (response.status !== 200) throw new Error(`webhook create: ${response.status} ${await response.text()}`);
  }
  received = 0;
  const expected = subscriptions * events;
  const started = performance.now();
  // Events as a bulk write records them: one statement.
  await client.query(
    `INSERT INTO events (workspace_id, type, data, actor_kind) SELECT $1, 'contact.created', jsonb_build_object('id', g), 'system' FROM generate_series(1, $2) g`,
    [workspaceId, events],
  );
  await client.query(`SELECT pg_notify('switchboard_events', $1)`, [`${workspaceId}:0`]);
  while (received < expected) await new Promise((resolve) => setTimeout(resolve, 100));
  const seconds = (performance.now() - started) / 1000;
  // The receiver has answered every delivery; wait until each is recorded before the next phase
  // deletes this phase's subscriptions.
  while (
    (await client.query(`SELECT 1 FROM webhook_deliveries WHERE workspace_id = $1 AND status = 'pending' LIMIT 1`, [workspaceId])).rowCount
  )
    await new Promise((resolve) => setTimeout(resolve, 100));
  log(`(g) ${subscriptions} subscriptions: ${expected} deliveries in ${seconds.toFixed(1)} s`);
  rows.push(
    `| (g) webhook deliveries to a loopback receiver, ${subscriptions} subscription${subscriptions > 1 ? 's' : ''} | **${(expected / seconds).toFixed(0)}/s** (${events} events × ${subscriptions}, from commit to the last 200, WEBHOOK_CONCURRENCY=32, one process, both signatures) | (measured) | - |`,
  );
}
for (const server of servers) await server.stop();
receiver.close();

// The shared rate limit's cost on (a): GET contact by id, limits off vs in PostgreSQL.
const {
  rows: [{ id: contactId }],
} = await client.query('SELECT id FROM contacts WHERE workspace_id = $1 ORDER BY id LIMIT 1', [workspaceId]);
const rates: Record<string, number> = {};
for (const [label, env] of [
  ['off', { RATE_LIMIT_ENABLED: 'false' }],
  ['shared', { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_MAX: '100000000' }],
] as const) {
  const server = await serve(['serve'], env);
  const url = `${server.url}/api/v1/contacts/${contactId}`;
  await measureThroughput(url, { authorization: `Bearer ${apiKey}` }, 3);
  rates[label] = (await measureThroughput(url, { authorization: `Bearer ${apiKey}` }, 10)).requestsPerSecond;
  await server.stop();
}
rows.push(
  `| (a) with the shared rate limit | ${rates.shared!.toFixed(0)} req/s with limits in PostgreSQL vs ${rates.off!.toFixed(0)} req/s with limits off = **${(rates.shared! / rates.off!).toFixed(2)}** (10 s, 32 connections) | (measured) | - |`,
);

log(
  `load average at end: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(', ')}`,
);
log(rows.join('\n'));
await client.end();
await database.drop();
process.exit(0);
