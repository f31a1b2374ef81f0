import { waitUntil } from '../helpers/wait.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeGraphApi } from '../helpers/fake-graph-api.js';
import {
  freePort,
  startServerProcess,
  stopServerProcesses,
  type ServerProcess,
  apiRequest,
  connectToDataDir,
} from '../helpers/server-process.js';

/**
 * Fault test (issue 8, durable sends): the real server is killed with SIGKILL after it has
 * committed an outbound WhatsApp message and while its provider call is unanswered (the fake
 * Graph API holds that first call, as a provider that never got to send). After a restart the
 * message is sent by its job: the fake Graph API answers exactly one send for it.
 */
const BOOTSTRAP_API_KEY = 'outbound-send-bootstrap-key-0123456789';
const CLAIM_SECONDS = 3;
const SLOW = 240_000;
const FROM = '+15550008888';
const TO = '+14155550401';

const spawned: ServerProcess[] = [];
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-outbound-send-'));
const port = await freePort();
const graph = await startFakeGraphApi();
let db: pg.Client | undefined;

afterAll(async () => {
  await db?.end().catch(() => {});
  await stopServerProcesses(spawned, dataDir);
  await graph.close();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const startServer = () =>
  startServerProcess({
    dataDir,
    port,
    spawned,
    env: {
      BOOTSTRAP_API_KEY,
      WHATSAPP_API_BASE_URL: graph.url,
      WHATSAPP_TIMEOUT_MS: '1000',
      OUTBOUND_SEND_CLAIM_SECONDS: String(CLAIM_SECONDS),
      JOBS_POLLING_INTERVAL_SECONDS: '0.5',
    },
  });

const messageCalls = () => graph.requests.filter((call) => call.path.endsWith('/messages') && call.json?.to === TO.slice(1));
const messageSends = () => graph.succeeded.filter((call) => call.path.endsWith('/messages') && call.json?.to === TO.slice(1));

const request = (server: ServerProcess, method: string, url: string, body?: unknown) =>
  apiRequest(server, BOOTSTRAP_API_KEY, method, url, body);
const connect = () => connectToDataDir(dataDir);

describe('SIGKILL of the server between an outbound message’s commit and its provider’s answer', () => {
  it(
    'sends the message after a restart, exactly once',
    async () => {
      let server = await startServer();
      const channel = await request(server, 'POST', '/api/v1/channels', {
        type: 'whatsapp',
        name: 'Faults',
        settings: { phoneNumber: FROM, phoneNumberId: '806540352242922', accessToken: 'faults-token', appSecret: 's', verifyToken: 'v' },
      });
      expect(channel.status).toBe(200);

      graph.holdNext();
      const inFlight = request(server, 'POST', '/api/v1/messages/template', {
        fromPhoneNumber: FROM,
        toPhoneNumber: TO,
        templateName: 'order_update',
        languageCode: 'en',
      }).catch((error: unknown) => error);
      await waitUntil(() => messageCalls().length === 1, 'the server calls the Graph API');
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      expect(await inFlight).toBeInstanceOf(Error);

      // Committed before the call, with its job: pending, claimed by the dead process.
      db = await connect();
      const { rows } = await db.query(`SELECT id, uuid, status FROM messages WHERE recipient->>'address' = $1`, [TO]);
      expect(rows).toEqual([{ id: expect.any(String), uuid: expect.any(String), status: 'pending' }]);
      const [{ id, uuid }] = rows;
      const jobs = await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'outbound-send' AND data->>'messageId' = $1`, [
        id,
      ]);
      expect(jobs.rows).toEqual([{ n: 1 }]);
      await db.end();
      db = undefined;

      server = await startServer();
      await waitUntil(
        async () => (await request(server, 'GET', `/api/v1/messages/${uuid}`)).body.status !== 'pending',
        'the message leaves pending',
      );
      const message = (await request(server, 'GET', `/api/v1/messages/${uuid}`)).body;
      expect(message).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^wamid\.FAKE/) });
      // The held call (never answered) and the job's: one send, whose id the message keeps.
      expect(messageSends()).toHaveLength(1);
      expect(messageCalls()).toHaveLength(2);
      expect(messageSends()[0]!.json).toMatchObject({ type: 'template', template: { name: 'order_update' } });

      // Once sent, nothing sends it again: its job is done and the sweep finds nothing pending.
      db = await connect();
      await waitUntil(
        async () =>
          (await db!.query(`SELECT state FROM pgboss.job WHERE name = 'outbound-send' AND data->>'messageId' = $1`, [id])).rows.every(
            (row) => row.state === 'completed',
          ),
        'the send job is completed',
      );
      expect((await db.query(`SELECT count(*)::int AS n FROM messages WHERE status = 'pending'`)).rows).toEqual([{ n: 0 }]);
      expect(messageSends()).toHaveLength(1);
    },
    SLOW,
  );
});
