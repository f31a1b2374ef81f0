/**
 * `npm run bench:agents`: agent answers under load (issue 9, item 7).
 *
 * Builds the app on a fresh database with its background (event consumers, job workers)
 * running, creates 1,000 chats on an API channel answered by one agent with no reply delay,
 * then has each chat's customer write one message at once (BENCH_SENDERS concurrent writers,
 * default 100, through the send path the API uses). It waits until every chat has its answer
 * and reports:
 *   - answers/s: 1,000 / (last answer stored − first customer message stored);
 *   - p50/p95 from a customer message to its stored answer (database timestamps of both
 *     messages; there is no debounce to exclude, the delay is 0).
 * Everything is the product's own: the builtin provider (no LLM configured) answering from a
 * small knowledge base by PostgreSQL full-text search, the agent's settings, the tickets
 * module's handoff checks under the chat's lock, and the API channel's send path.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { actorOf } from '../src/shared/actor.js';
import { freshDatabase } from './fresh-database.js';
import { profileQueries } from './query-profile.js';

const CHATS = Number(process.env.BENCH_CHATS ?? 1000);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 100);
const log = (line: string) => process.stdout.write(`${line}\n`);

const database = await freshDatabase('agents');
const handle = connectDatabase(database.url, { max: 20 });
try {
  await migrateDatabase(handle.db);
  const config = {
    // AGENT_TURN_CONCURRENCY from the environment, to measure other worker counts.
    ...loadConfig({ LOG_LEVEL: 'silent', AGENT_TURN_CONCURRENCY: process.env.AGENT_TURN_CONCURRENCY }),
    DATABASE_URL: database.url,
    RATE_LIMIT_ENABLED: false,
  };
  // Errors only (a failed turn job), so a missing answer shows its cause.
  const app = await buildApp({ config, db: handle.db, logger: { level: 'error' } });
  const { apiKey } = await app.services.workspaces.createWorkspace('Agent benchmark');
  const key = (await app.services.workspaces.authenticate(apiKey))!;
  const tenant = { ...key, actor: actorOf('api_key', key.apiKeyId) };
  // No reply delay: the figure is the runtime's, without the debounce.
  const agent = await app.services.agents.createAgent(tenant, 'agent', { name: 'Bench agent', agent: { replyDelayMs: 0 } });
  await app.services.knowledge.createDocument(
    tenant,
    { id: agent.id },
    {
      title: 'Opening hours',
      format: 'text',
      content: 'We are open Monday to Friday from 9:00 to 18:00, and Saturdays from 10:00 to 14:00. We are closed on Sundays.',
    },
  );
  const channel = await app.services.channels.createChannel(tenant, { type: 'api', name: 'Bench API' });
  const chats: string[] = [];
  for (let index = 0; index < CHATS; index += 1) {
    const contact = await app.services.contacts.createContact(tenant, { firstName: `Customer${index}` });
    const chat = await app.services.chats.createChat(tenant, {
      ownerUuid: contact.uuid,
      channelUuid: channel.uuid,
      responderUuid: agent.uuid,
      title: null,
    });
    chats.push(chat.uuid);
  }
  await app.background.start();
  const profile = profileQueries();
  log(
    `${CHATS} chats ready; each customer writes once (${SENDERS} writers at a time), provider: builtin, ${config.AGENT_TURN_CONCURRENCY} turn workers`,
  );

  const cpuBefore = { node: process.cpuUsage(), machine: machineCpu() };
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < chats.length) {
        const chat = chats[next++]!;
        await app.services.messages.sendChatMessage(tenant, chat, { content: 'Hello, what are your opening hours?', role: 'user' });
      }
    }),
  );
  const written = performance.now();
  for (;;) {
    const { rows } = await handle.pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM agent_runs WHERE status <> 'running'`);
    if (rows[0]!.count >= CHATS) break;
    if (performance.now() - started > 300_000) {
      const stuck = await handle.pool.query(`SELECT status, outcome, error, lease_until FROM agent_runs WHERE status = 'running'`);
      log(`runs still running: ${JSON.stringify(stuck.rows)}`);
      throw new Error(`only ${rows[0]!.count} of ${CHATS} chats answered after 5 minutes`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answeredAt = performance.now();
  const nodeCpu = process.cpuUsage(cpuBefore.node);
  const machine = machineCpu();
  const { rows } = await handle.pool.query<{ latency: number; first: Date; last: Date }>(`
    SELECT extract(epoch FROM (reply.created_at - asked.created_at)) * 1000 AS latency, asked.created_at AS first, reply.created_at AS last
    FROM agent_runs run
    JOIN messages asked ON asked.workspace_id = run.workspace_id AND asked.id = run.answered_message_id
    JOIN messages reply ON reply.workspace_id = run.workspace_id AND reply.id = run.reply_message_id`);
  const latencies = rows.map((row) => Number(row.latency)).sort((a, b) => a - b);
  const first = Math.min(...rows.map((row) => row.first.getTime()));
  const last = Math.max(...rows.map((row) => row.last.getTime()));
  const percentile = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  log(`answered ${rows.length} of ${CHATS}; customer messages written in ${Math.round(written - started)} ms`);
  log(
    `answers/s: ${((rows.length / (last - first)) * 1000).toFixed(0)} (${last - first} ms from the first customer message to the last answer)`,
  );
  log(
    `customer message -> stored answer: p50 ${percentile(50).toFixed(0)} ms, p95 ${percentile(95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms`,
  );
  // Where the time went, per chat: the outbox consumer queuing the turn job (from the customer
  // message's transaction to the consumer's), the job waiting for a worker, the turn itself.
  const stages = await handle.pool.query<{ queued: number; waited: number; turn: number }>(`
    SELECT extract(epoch FROM (job.created_on - asked.created_at)) * 1000 AS queued,
      extract(epoch FROM (job.started_on - job.created_on)) * 1000 AS waited,
      extract(epoch FROM (reply.created_at - job.started_on)) * 1000 AS turn
    FROM agent_runs run
    JOIN messages asked ON asked.workspace_id = run.workspace_id AND asked.id = run.answered_message_id
    JOIN messages reply ON reply.workspace_id = run.workspace_id AND reply.id = run.reply_message_id
    JOIN pgboss.job job ON job.name = 'agent-turn' AND (job.data->>'chatId')::bigint = run.chat_id`);
  const stage = (name: 'queued' | 'waited' | 'turn') => {
    const values = stages.rows.map((row) => Number(row[name])).sort((a, b) => a - b);
    const at = (p: number) => values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!.toFixed(0);
    return `${name} p50 ${at(50)} / p95 ${at(95)} ms`;
  };
  if (stages.rows.length > 0) log(`breakdown: consumer ${stage('queued')}; job ${stage('waited')}; ${stage('turn')}`);
  const wallMs = answeredAt - started;
  log(
    `CPU while answering (${Math.round(wallMs)} ms): this process ${(((nodeCpu.user + nodeCpu.system) / 1000 / wallMs) * 100).toFixed(0)}% of one core, ` +
      `the machine ${(((machine.busy - cpuBefore.machine.busy) / (machine.total - cpuBefore.machine.total)) * 100).toFixed(0)}% of all ${os.cpus().length} cores`,
  );
  for (const line of profile?.report(40) ?? []) log(line);
  log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`);
  await app.background.stop();
  await app.server.close();
} finally {
  await handle.close();
  await database.drop();
}

/** The machine's busy and total CPU time so far (Linux /proc/stat, in ticks). */
function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}
