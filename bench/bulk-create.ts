/**
 * `npm run bench:bulk`: the time of a 1,000-item BulkCreate (POST /api/v1/conversations/bulk).
 *
 * Builds the app on a fresh database (a throwaway embedded PostgreSQL, or a new database on the
 * server at DATABASE_URL), seeds a workspace with a funnel and custom fields, then sends
 * batches of 1,000 conversations through `app.server.inject` (so HTTP parsing, validation and
 * serialization are included, the network is not) and prints each run and the median:
 *   - new contacts: every item creates its contact (phone + email) and sets custom fields;
 *   - matched contacts: every item's contact already exists (matched by phone and email) and
 *     gets a new last name.
 * BENCH_RUNS sets the number of timed runs of each kind (default 7).
 */
import os from 'node:os';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { freshDatabase } from './fresh-database.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ITEMS = 1000;
const log = (line: string) => process.stdout.write(`${line}\n`);

const database = await freshDatabase('bulk');
const handle = connectDatabase(database.url);
try {
  await migrateDatabase(handle.db);
  const app = await buildApp({
    config: { ...loadConfig({ LOG_LEVEL: 'silent' }), DATABASE_URL: database.url },
    db: handle.db,
    logger: false,
  });
  const { apiKey } = await app.services.workspaces.createWorkspace('Bulk benchmark');
  const send = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const response = await app.server.inject({
      method,
      url,
      headers: { authorization: `Bearer ${apiKey}` },
      ...(payload ? { payload } : {}),
    });
    if (response.statusCode !== 200) throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
    return response.json();
  };
  const funnel = await send('POST', '/api/v1/funnels', {
    name: 'Sales',
    statuses: [{ name: 'New' }, { name: 'Qualified' }, { name: 'Won' }],
  });
  await send('POST', '/api/v1/custom-fields/definitions', { entityType: 'FUNNEL_CONVERSATION', fieldKey: 'budget', fieldType: 'NUMBER' });
  await send('POST', '/api/v1/custom-fields/definitions', { entityType: 'CONTACT', fieldKey: 'source', fieldType: 'STRING' });

  let next = 0;
  const batch = (people: number[], lastName = 'Bench') =>
    people.map((person) => ({
      funnelId: funnel.id,
      customFields: { budget: person % 10_000 },
      contact: {
        firstName: `Lead${person}`,
        lastName,
        phones: [`+5691${String(person).padStart(7, '0')}`],
        emails: [`lead${person}@bench.example`],
        customFields: { source: 'import' },
      },
    }));
  const fresh = () => Array.from({ length: ITEMS }, () => next++);

  const time = async (people: number[], lastName?: string) => {
    const started = process.hrtime.bigint();
    const result = await send('POST', '/api/v1/conversations/bulk', { conversations: batch(people, lastName) });
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.report.counts.successful !== ITEMS)
      throw new Error(`expected ${ITEMS} written, got ${JSON.stringify(result.report.counts)}`);
    return milliseconds;
  };

  await time(fresh()); // warm-up: JIT, statement plans, connection pool
  const created: number[] = [];
  const seen: number[][] = [];
  for (let run = 0; run < RUNS; run++) {
    const people = fresh();
    seen.push(people);
    created.push(await time(people));
  }
  const matched: number[] = [];
  for (let run = 0; run < RUNS; run++) matched.push(await time(seen[run]!, `Bench ${run}`));

  log(`BulkCreate of ${ITEMS} conversations (app.server.inject, ${RUNS} runs each after one warm-up, ${os.cpus().length} CPUs):`);
  log(`  new contacts:     ${created.map(format).join(', ')} ms; median ${format(median(created))} ms`);
  log(`  matched contacts: ${matched.map(format).join(', ')} ms; median ${format(median(matched))} ms`);
  await app.server.close();
} finally {
  await handle.close();
  await database.drop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function format(milliseconds: number): string {
  return milliseconds.toFixed(0);
}
