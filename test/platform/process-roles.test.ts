import { waitUntil } from '../helpers/wait.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { signatureOf } from '../../src/integrations/whatsapp/signature.js';
import { createTestDatabase } from '../helpers/test-app.js';
import { freePort, startServerProcess, stopServerProcesses, type ServerProcess, apiRequest } from '../helpers/server-process.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { inboundPayload } from '../whatsapp/webhook-payloads.js';

/**
 * Issue 14: two `serve --role api` processes and one `switchboard worker` on one database.
 * Signed WhatsApp deliveries are posted to both API processes at once (each sender's in order,
 * some delivered twice, as providers retry) and contacts are created through both; the worker
 * alone turns deliveries into messages and delivers webhooks. Nothing is duplicated or lost:
 * one message per provider id, one message.created event each, one contact per sender, each
 * sender's messages in the order sent, and every event delivered to the receiver once. Whatever
 * an AI agent answers meanwhile is not counted exactly, but its events too get exactly one
 * delivery each, and the receiver sees them all.
 */
const BOOTSTRAP_API_KEY = 'process-roles-bootstrap-key-0123456789';
const APP_SECRET = 'roles-app-secret';
const PHONE_NUMBER_ID = '406540352241414';
const SENDERS = 40;
const MESSAGES_PER_SENDER = 10;
const CONTACTS = 40;
const SLOW = 300_000;

const spawned: ServerProcess[] = [];
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-roles-'));
const database = await createTestDatabase();
const receiver = await startWebhookReceiver();
let db: pg.Client | undefined;

afterAll(async () => {
  await db?.end().catch(() => {});
  await stopServerProcesses(spawned, dataDir);
  await receiver.stop();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const env = { BOOTSTRAP_API_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', JOBS_POLLING_INTERVAL_SECONDS: '0.5' };
const start = async (args: string[]) =>
  startServerProcess({ dataDir, port: await freePort(), spawned, env, args, databaseUrl: database.url });

async function deliver(server: ServerProcess, providerId: string, from: string): Promise<void> {
  const raw = JSON.stringify(inboundPayload(PHONE_NUMBER_ID, { id: providerId, from, type: 'text', text: { body: providerId } }));
  const response = await fetch(`${server.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(raw, APP_SECRET) },
    body: raw,
  });
  expect(response.status).toBe(200);
}

const count = async (text: string) => (await db!.query(text)).rows[0].n as number;

const call = (server: ServerProcess, method: string, url: string, body?: unknown) =>
  apiRequest(server, BOOTSTRAP_API_KEY, method, url, body);

describe('two API processes and one worker on one database', () => {
  it(
    'store every message, event and webhook delivery once, under load',
    async () => {
      const apis = [await start(['serve', '--role', 'api']), await start(['serve', '--role', 'api'])];
      const worker = await start(['worker']);
      expect(apis[0]!.output()).toContain('Role api: HTTP only');
      expect(worker.output()).not.toContain('listening on');
      db = new pg.Client({ connectionString: database.url });
      await db.connect();

      const channel = await call(apis[0]!, 'POST', '/api/v1/channels', {
        type: 'whatsapp',
        name: 'Roles',
        settings: {
          phoneNumber: '+15550001414',
          phoneNumberId: PHONE_NUMBER_ID,
          accessToken: 't',
          appSecret: APP_SECRET,
          verifyToken: 'v',
        },
      });
      expect(channel.status).toBe(200);
      const webhook = await call(apis[1]!, 'POST', '/api/v1/webhooks', {
        url: receiver.url,
        eventTypes: ['message.created', 'contact.created'],
      });
      expect(webhook.status).toBe(200);

      // Each sender's messages in order, to alternating API processes; senders at once; every
      // third message delivered twice (a provider retry); contacts created meanwhile.
      const senders = Array.from({ length: SENDERS }, (_, index) => `1415556${String(1000 + index)}`);
      await Promise.all([
        ...senders.map(async (sender, index) => {
          for (let order = 0; order < MESSAGES_PER_SENDER; order++) {
            const id = `wamid.R${sender}-${order}`;
            await deliver(apis[(index + order) % 2]!, id, sender);
            if (order % 3 === 0) await deliver(apis[(index + order + 1) % 2]!, id, sender);
          }
        }),
        ...Array.from({ length: CONTACTS }, (_, index) =>
          call(apis[index % 2]!, 'POST', '/api/v1/contacts', { firstName: `Roles ${index}` }).then((response) =>
            expect(response.status).toBe(200),
          ),
        ),
      ]);

      const messages = SENDERS * MESSAGES_PER_SENDER;
      await waitUntil(
        async () => (await count(`SELECT count(*)::int AS n FROM inbound_webhooks WHERE processed_at IS NULL`)) === 0,
        'deliveries processed',
        { timeoutMs: 120_000 },
      );
      expect(await count(`SELECT count(*)::int AS n FROM messages WHERE direction = 'inbound'`)).toBe(messages);
      expect(await count(`SELECT count(DISTINCT provider_id)::int AS n FROM messages WHERE direction = 'inbound'`)).toBe(messages);
      expect(await count(`SELECT count(*)::int AS n FROM events WHERE type = 'message.created' AND data->>'direction' = 'inbound'`)).toBe(
        messages,
      );
      expect(
        await count(
          `SELECT count(DISTINCT data->>'providerId')::int AS n FROM events WHERE type = 'message.created' AND data->>'direction' = 'inbound'`,
        ),
      ).toBe(messages);
      expect(await count(`SELECT count(*)::int AS n FROM inbound_webhooks WHERE last_error IS NOT NULL`)).toBe(0);
      // One contact and one chat per sender.
      expect(await count(`SELECT count(DISTINCT contact_id)::int AS n FROM contact_addresses WHERE address LIKE '+1415556%'`)).toBe(
        SENDERS,
      );
      expect(await count(`SELECT count(*)::int AS n FROM chats`)).toBe(SENDERS);
      // Each sender's messages in the order sent.
      const { rows } = await db.query(
        `SELECT sender->>'address' AS sender, provider_id FROM messages WHERE direction = 'inbound' ORDER BY id`,
      );
      for (const sender of senders) {
        const sent = rows.filter((row) => row.sender === `+${sender}`).map((row) => row.provider_id);
        expect(sent).toEqual(Array.from({ length: MESSAGES_PER_SENDER }, (_, order) => `wamid.R${sender}-${order}`));
      }

      // Every event delivered to the receiver once, by the worker: the customers' (counted exactly)
      // and the agent's answers (as many as it has written by then).
      const customerEvents = messages + SENDERS + CONTACTS; // messages, contacts of new senders, contacts created
      expect(
        await count(
          `SELECT count(*)::int AS n FROM events WHERE type = 'contact.created' OR (type = 'message.created' AND data->>'direction' = 'inbound')`,
        ),
      ).toBe(customerEvents);
      const undelivered = `SELECT count(*)::int AS n FROM events e WHERE e.type IN ('message.created', 'contact.created')
        AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'succeeded')`;
      await waitUntil(async () => (await count(undelivered)) === 0, 'deliveries succeed', { timeoutMs: 120_000 });
      const { rows: delivered } = await db.query(
        `SELECT e.uuid FROM events e JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.type IN ('message.created', 'contact.created')`,
      );
      expect(delivered.length).toBeGreaterThanOrEqual(customerEvents);
      // One delivery per event, each seen by the receiver.
      const eventIds = delivered.map((row) => row.uuid as string);
      expect(new Set(eventIds).size).toBe(eventIds.length);
      const accepted = new Set(receiver.accepted.map((seen) => seen.json.id));
      expect(eventIds.filter((id) => !accepted.has(id))).toEqual([]);
    },
    SLOW,
  );
});
