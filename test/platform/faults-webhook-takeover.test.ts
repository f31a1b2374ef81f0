import { waitUntil } from '../helpers/wait.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  freePort,
  startServerProcess,
  stopServerProcesses,
  type ServerProcess,
  apiRequest,
  connectToDataDir,
} from '../helpers/server-process.js';

/**
 * Fault test (issue 14): webhook deliveries in flight when their process is killed (SIGKILL)
 * are taken over by the restarted process within a minute, rather than waiting for pg-boss's
 * job expiry or the overdue sweep's 15 minutes: the attempt's claim outlives its lease (the
 * HTTP timeout and 15 s) and the sweep, every 15 s, gives it a new job.
 */
const BOOTSTRAP_API_KEY = 'webhook-takeover-bootstrap-key-0123456789';
const CONTACTS = 20;
const TAKEOVER_MS = 60_000;
const SLOW = 300_000;

const spawned: ServerProcess[] = [];
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-webhook-takeover-'));
const port = await freePort();
let db: pg.Client | undefined;

/** A receiver that holds every request unanswered (a slow receiver) until told to answer. */
let answering = false;
const held: ServerResponse[] = [];
const accepted = new Set<string>();
const receiver = createServer((request: IncomingMessage, response: ServerResponse) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (!answering) return void held.push(response);
    accepted.add(JSON.parse(Buffer.concat(chunks).toString('utf8')).id);
    response.writeHead(200).end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

afterAll(async () => {
  await db?.end().catch(() => {});
  await stopServerProcesses(spawned, dataDir);
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const startServer = () =>
  startServerProcess({
    dataDir,
    port,
    spawned,
    env: { BOOTSTRAP_API_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_CONCURRENCY: '8', JOBS_POLLING_INTERVAL_SECONDS: '0.5' },
  });

const request = (server: ServerProcess, method: string, url: string, body?: unknown) =>
  apiRequest(server, BOOTSTRAP_API_KEY, method, url, body);
const connect = () => connectToDataDir(dataDir);

describe('SIGKILL of a server with webhook deliveries in flight', () => {
  it(
    'delivers them all within a minute of the restart',
    async () => {
      let server = await startServer();
      const webhook = await request(server, 'POST', '/api/v1/webhooks', { url: receiverUrl, eventTypes: ['contact.created'] });
      expect(webhook.status).toBe(200);
      for (let index = 0; index < CONTACTS; index++)
        expect((await request(server, 'POST', '/api/v1/contacts', { firstName: `Takeover ${index}` })).status).toBe(200);
      // Every worker slot holds an unanswered request.
      await waitUntil(() => held.length === 8, 'eight deliveries are in flight');
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      for (const response of held.splice(0)) response.destroy();

      db = await connect();
      const inFlight = await db.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending' AND claimed_at IS NOT NULL`,
      );
      expect(inFlight.rows).toEqual([{ n: 8 }]);
      await db.end();
      answering = true;
      server = await startServer();
      const restartedAt = Date.now();
      db = await connect();
      await waitUntil(
        async () =>
          (await db!.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`)).rows[0].n === CONTACTS,
        'every delivery succeeds',
        { timeoutMs: TAKEOVER_MS, everyMs: 100 },
      );
      expect(Date.now() - restartedAt).toBeLessThan(TAKEOVER_MS);
      const events = await db.query(`SELECT uuid FROM events WHERE type = 'contact.created'`);
      expect(accepted).toEqual(new Set(events.rows.map((row) => row.uuid)));
      expect((await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'succeeded'`)).rows).toEqual([{ n: 0 }]);
    },
    SLOW,
  );
});
