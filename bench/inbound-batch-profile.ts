/**
 * `npx tsx bench/inbound-batch-profile.ts`: where a batch of stored inbound deliveries spends its
 * time. A throwaway database, one WhatsApp channel, BENCH_SENDERS senders (default 1,000) with a
 * first message each (processed, untimed), then BENCH_MESSAGES deliveries (default 5,000) from them in
 * turn, stored as the webhook stores them; then the processor drains them, batch by batch, and
 * the script prints messages/s and the time of each SQL statement text summed over the run.
 */
import { signatureOf } from '../src/integrations/whatsapp/signature.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { InboundWebhookProcessor } from '../src/jobs/inbound-webhook-processor.js';
import { freshDatabase } from './fresh-database.js';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 1_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const database = await freshDatabase('batch-profile');
const handle = connectDatabase(database.url, { max: 10 });
await migrateDatabase(handle.db);
const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), DATABASE_URL: database.url, RATE_LIMIT_ENABLED: false };
const app = await buildApp({ config, db: handle.db, logger: false });
const { apiKey } = await app.services.workspaces.createWorkspace('Profile');
await handle.pool.query(`UPDATE agents SET settings = settings || '{"enabled": false}'::jsonb`);
const secret = 'profile-secret';
const created = await app.server.inject({
  method: 'POST',
  url: '/api/v1/channels',
  headers: { authorization: `Bearer ${apiKey}` },
  payload: {
    type: 'whatsapp',
    name: 'Profile',
    settings: {
      phoneNumber: '+15550001234',
      phoneNumberId: '777000',
      businessAccountId: '1',
      accessToken: 't',
      appSecret: secret,
      verifyToken: 'v',
    },
  },
});
if (created.statusCode !== 200) throw new Error(created.body);
const post = (id: string, from: string) => {
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001234', phone_number_id: '777000' },
              contacts: [{ profile: { name: `Sender ${from}` }, wa_id: from }],
              messages: [{ from, id, timestamp: '1700000000', type: 'text', text: { body: `hello ${id}` } }],
            },
          },
        ],
      },
    ],
  });
  return app.server.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(raw, secret) },
    payload: raw,
  });
};
const sender = (index: number) => `5691${String(index).padStart(7, '0')}`;
const processor = new InboundWebhookProcessor(handle.db, app.services.inbound, app.server.log, { batchSize: BATCH });
for (let index = 0; index < SENDERS; index++) await post(`wamid.first-${index}`, sender(index));
let started = performance.now();
await processor.drain();
console.log(`first messages of ${SENDERS} new senders: ${((SENDERS * 1000) / (performance.now() - started)).toFixed(0)}/s`);
for (let index = 0; index < MESSAGES; index++) await post(`wamid.next-${index}`, sender(index % SENDERS));
await handle.pool.query('ANALYZE');

// Time every statement the pool runs while draining.
const times = new Map<string, { ms: number; calls: number }>();
const original = handle.pool.query.bind(handle.pool);
const wrap = (target: { query: (...args: unknown[]) => unknown }) => {
  const query = target.query.bind(target);
  target.query = (...args: unknown[]) => {
    const text =
      typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string; name?: string }).name ?? (args[0] as { text: string }).text);
    const key = String(text).replace(/\s+/g, ' ').slice(0, 110);
    const begun = performance.now();
    const result = query(...args) as Promise<unknown> | undefined;
    if (result instanceof Promise)
      void result.then(
        () => {
          const entry = times.get(key) ?? { ms: 0, calls: 0 };
          entry.ms += performance.now() - begun;
          entry.calls += 1;
          times.set(key, entry);
        },
        () => {},
      );
    return result;
  };
};
handle.pool.on('connect', (client) => wrap(client as never));
// Clients already in the pool.
for (const client of (handle.pool as unknown as { _clients: { query: () => unknown }[] })._clients) wrap(client);
void original;
started = performance.now();
const result = await processor.drain();
const seconds = (performance.now() - started) / 1000;
console.log(
  `${result.stored} messages from known senders in ${seconds.toFixed(2)} s: ${(result.stored / seconds).toFixed(0)}/s (batches of ${BATCH})`,
);
const total = [...times.values()].reduce((sum, entry) => sum + entry.ms, 0);
console.log(`SQL time ${(total / 1000).toFixed(2)} s of ${seconds.toFixed(2)} s`);
for (const [text, entry] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15))
  console.log(`${entry.ms.toFixed(0).padStart(7)} ms ${String(entry.calls).padStart(6)}x  ${text}`);
await app.background.stop();
await app.server.close();
await handle.close();
await database.drop();
process.exit(0);
