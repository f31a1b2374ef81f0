import { waitUntil } from '../helpers/wait.js';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  freePort,
  startServerProcess,
  stopServerProcesses,
  type ServerProcess,
  apiRequest,
  connectToDataDir,
} from '../helpers/server-process.js';

/**
 * Fault test (issue 5, part 6): the real server, as `npm start` runs it on its embedded
 * PostgreSQL, is killed with SIGKILL while a 1,000-item bulk create is in flight, at several
 * moments. A bulk create is one transaction, so after each kill, both on the PostgreSQL the
 * killed server leaves running and after a restart, the batch is there whole or not at all:
 * its contacts, their addresses, its conversations, their outbox events and its report.
 */
const BOOTSTRAP_API_KEY = 'bulk-sigkill-bootstrap-key-0123456789';
/** Our own connections say who they are, so that they are never taken for the server's. */
const TEST_CONNECTION = 'bulk-sigkill-test';
/** The application_name of the server's job queue (pg-boss) connections (src/jobs/job-queue.ts). */
const JOB_QUEUE_CONNECTION = 'switchboard-jobs';
const BATCH_SIZE = 1000;
const SLOW = 240_000;

/** What a batch left in the database, counted in SQL. */
interface Written {
  contacts: number;
  addresses: number;
  conversations: number;
  /** Outbox events written since the round began, by type. */
  events: Record<string, number>;
  reports: number;
}

const NOTHING: Written = { contacts: 0, addresses: 0, conversations: 0, events: {}, reports: 0 };
const WHOLE: Written = {
  contacts: BATCH_SIZE,
  addresses: 2 * BATCH_SIZE,
  conversations: BATCH_SIZE,
  events: { 'contact.created': BATCH_SIZE, 'conversation.created': BATCH_SIZE },
  reports: 1,
};

const spawned: ServerProcess[] = [];
const clients: pg.Client[] = [];
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-bulk-sigkill-'));
const port = await freePort();
const v1 = { authorization: `Bearer ${BOOTSTRAP_API_KEY}` };

afterAll(async () => {
  // Whatever happened above, leave no connection, no server and no PostgreSQL behind.
  await Promise.all(clients.map((client) => client.end().catch(() => {})));
  await stopServerProcesses(spawned, dataDir);
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const startServer = () => startServerProcess({ dataDir, port, env: { BOOTSTRAP_API_KEY }, spawned });

/** A bulk create on the wire: `sent` once its body is handed to the kernel, `answer` its status or its failure. */
interface InFlight {
  sent: Promise<void>;
  answer: Promise<number | Error>;
}

function sendBatch(server: ServerProcess, conversations: unknown[]): InFlight {
  const body = JSON.stringify({ conversations });
  let answered!: (result: number | Error) => void;
  const answer = new Promise<number | Error>((resolve) => (answered = resolve));
  const headers = { ...v1, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
  const outgoing = http.request(`${server.url}/api/v1/conversations/bulk`, { method: 'POST', headers }, (response) => {
    response.resume();
    response.on('end', () => answered(response.statusCode ?? 0));
    response.on('error', answered);
  });
  outgoing.on('error', answered);
  const sent = new Promise<void>((resolve) => {
    outgoing.on('error', () => resolve());
    outgoing.end(body, () => resolve());
  });
  return { sent, answer };
}

/** 1,000 items, each with a new contact of its own (its own phone and email), all under `marker` as last name. */
function batchOf(marker: string, phoneDigit: number, funnelId: number): unknown[] {
  return Array.from({ length: BATCH_SIZE }, (_, index) => ({
    funnelId,
    contact: {
      firstName: `Item ${index}`,
      lastName: marker,
      phones: [`+569${phoneDigit}${String(index).padStart(7, '0')}`],
      emails: [`${marker.toLowerCase()}-${index}@example.com`],
    },
  }));
}

async function connect(): Promise<pg.Client> {
  const client = await connectToDataDir(dataDir, { applicationName: TEST_CONNECTION });
  clients.push(client);
  return client;
}

async function disconnect(client: pg.Client): Promise<void> {
  clients.splice(clients.indexOf(client), 1);
  await client.end().catch(() => {});
}

/** Where the outbox and the reports stood before a round, so only that round's rows are counted. */
async function positions(db: pg.Client): Promise<{ event: number; report: number }> {
  const { rows } = await db.query<{ event: string; report: string }>(
    'SELECT (SELECT coalesce(max(id), 0) FROM events) AS event, (SELECT coalesce(max(id), 0) FROM operations) AS report',
  );
  return { event: Number(rows[0]!.event), report: Number(rows[0]!.report) };
}

async function countWritten(db: pg.Client, marker: string, phoneDigit: number, since: { event: number; report: number }): Promise<Written> {
  const count = async (sql: string, values: unknown[]) => Number((await db.query<{ count: string }>(sql, values)).rows[0]!.count);
  const contacts = await count('SELECT count(*) FROM contacts WHERE last_name = $1', [marker]);
  const addresses = await count('SELECT count(*) FROM contact_addresses WHERE address LIKE $1 OR address LIKE $2', [
    `${marker.toLowerCase()}-%@example.com`,
    `+569${phoneDigit}%`,
  ]);
  const conversations = await count(
    `SELECT count(*) FROM funnel_conversations AS conversation
       JOIN contacts AS contact ON contact.workspace_id = conversation.workspace_id AND contact.id = conversation.contact_id
      WHERE contact.last_name = $1`,
    [marker],
  );
  const { rows } = await db.query<{ type: string; count: string }>('SELECT type, count(*) FROM events WHERE id > $1 GROUP BY type', [
    since.event,
  ]);
  const events = Object.fromEntries(rows.map((row) => [row.type, Number(row.count)]));
  const reports = await count("SELECT count(*) FROM operations WHERE id > $1 AND kind = 'conversations.bulkCreate'", [since.report]);
  return { contacts, addresses, conversations, events, reports };
}

/** The server's own connections to its database, as PostgreSQL sees them; `jobs` marks the job queue's. */
async function serverBackends(db: pg.Client) {
  const { rows } = await db.query<{ jobs: boolean; state: string | null; waiting: string | null; query: string }>(
    `SELECT application_name = $2 AS jobs, state, wait_event_type AS waiting, query
       FROM pg_stat_activity
      WHERE datname = 'switchboard' AND backend_type = 'client backend' AND application_name <> $1`,
    [TEST_CONNECTION, JOB_QUEUE_CONNECTION],
  );
  return rows;
}

/** The batch is running its insert into `table` (waiting for a lock, when `waiting` says so). */
async function batchInserting(db: pg.Client, table: string, waiting: string | null = null): Promise<boolean> {
  return (await serverBackends(db)).some(
    (backend) =>
      !backend.jobs &&
      backend.state === 'active' &&
      (waiting === null || backend.waiting === waiting) &&
      backend.query.trim().toLowerCase().startsWith(`insert into "${table}"`),
  );
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** When, once the batch is on the wire, the server is killed. */
interface KillMoment {
  name: string;
  /** Set up before the batch is sent. */
  prepare?(): Promise<void>;
  /** Returns when it is time to kill; `answered` is set once the server has replied. */
  reach(answered: () => boolean): Promise<void>;
  /** Undone once the server is dead. */
  release?(): Promise<void>;
  /** The kill is sure to fall before the commit, so the batch must be gone. */
  beforeCommit?: boolean;
}

const request = (server: ServerProcess, method: string, url: string, body?: unknown) =>
  apiRequest(server, BOOTSTRAP_API_KEY, method, url, body);

describe('SIGKILL of the server during a bulk create', () => {
  let server: ServerProcess;
  let db: pg.Client;
  let funnelId: number;
  /** How long a batch takes when nothing interrupts it, to aim a late kill at its end. */
  let wholeBatchMs = 0;

  beforeAll(async () => {
    server = await startServer();
    db = await connect();
    const funnel = await request(server, 'POST', '/api/v1/funnels', { name: 'Imports', statuses: [{ name: 'New' }] });
    expect(funnel.status).toBe(200);
    funnelId = funnel.body!.id as number;
  }, SLOW);

  // Each round starts on a serving server, even when the one before failed after its kill.
  beforeEach(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) return;
    await disconnect(db);
    server = await startServer();
    db = await connect();
  }, SLOW);

  it(
    'writes an uninterrupted batch whole: 1,000 contacts, their addresses, conversations, events and one report',
    async () => {
      const marker = `Sigkill0x${randomBytes(3).toString('hex')}`;
      const since = await positions(db);
      const started = Date.now();
      const response = await request(server, 'POST', '/api/v1/conversations/bulk', { conversations: batchOf(marker, 1, funnelId) });
      wholeBatchMs = Date.now() - started;
      expect(response.status).toBe(200);
      expect(response.body!.report.counts).toEqual({ successful: BATCH_SIZE, warnings: 0, duplicates: 0, errors: 0, total: BATCH_SIZE });
      expect(await countWritten(db, marker, 1, since)).toEqual(WHOLE);
    },
    SLOW,
  );

  let locker: pg.Client | undefined;
  const moments: KillMoment[] = [
    {
      name: 'a few milliseconds after the request body is sent',
      reach: () => sleep(5),
    },
    {
      // Polled, so caught in the act unless the insert is quicker than a poll; then killed after the reply.
      name: 'while it inserts its conversations, its contacts written',
      reach: (answered) =>
        waitUntil(async () => answered() || (await batchInserting(db, 'funnel_conversations')), 'the batch inserts conversations', {
          everyMs: 1,
        }),
    },
    {
      // A lock held on the reports table stops the transaction at its last insert, with every
      // contact, address, conversation and event of the batch written but not committed.
      name: 'while the transaction, all its rows written, waits to insert its report',
      prepare: async () => {
        locker = await connect();
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE operations IN SHARE MODE');
      },
      reach: () => waitUntil(() => batchInserting(db, 'operations', 'Lock'), 'the batch waits on the reports table', { everyMs: 1 }),
      release: async () => {
        await locker!.query('ROLLBACK');
        await disconnect(locker!);
      },
      beforeCommit: true,
    },
    {
      name: 'near the end, after nine tenths of the time an uninterrupted batch takes',
      reach: () => sleep(Math.round(wholeBatchMs * 0.9)),
    },
  ];

  for (const [index, moment] of moments.entries()) {
    it(
      `killed ${moment.name}, keeps the batch whole or not at all, then serves and takes the batch again`,
      async () => {
        const round = index + 1;
        const phoneDigit = round + 1;
        const marker = `Sigkill${round}x${randomBytes(3).toString('hex')}`;
        const batch = batchOf(marker, phoneDigit, funnelId);
        const since = await positions(db);
        await moment.prepare?.();

        let status: number | Error | undefined;
        try {
          const inFlight = sendBatch(server, batch);
          void inFlight.answer.then((result) => (status = result));
          await inFlight.sent;
          await moment.reach(() => status !== undefined);
          server.child.kill('SIGKILL');
          expect((await server.exited).signal).toBe('SIGKILL');
          await inFlight.answer;
        } finally {
          await moment.release?.();
        }

        // The killed server's PostgreSQL runs on: once it has noticed its clients gone, the
        // batch is committed whole or rolled back whole.
        await waitUntil(async () => (await serverBackends(db)).length === 0, 'the killed server has no connection left', { everyMs: 1 });
        const left = await countWritten(db, marker, phoneDigit, since);
        expect([NOTHING, WHOLE], `round ${round} left a partial batch: ${JSON.stringify(left)}`).toContainEqual(left);
        if (status === 200) expect(left).toEqual(WHOLE);
        if (moment.beforeCommit) expect(left, `killed before its commit, round ${round} kept rows`).toEqual(NOTHING);

        // The next start stops that PostgreSQL and recovers: the same, through SQL and the API.
        await disconnect(db);
        server = await startServer();
        expect(await request(server, 'GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
        db = await connect();
        expect(await countWritten(db, marker, phoneDigit, since)).toEqual(left);
        const contacts = await request(server, 'GET', `/api/v1/contacts?filterBy=lastName:${marker}&pageSize=1`);
        expect(contacts.body!.totalCount).toBe(left.contacts);
        const conversations = await request(server, 'GET', `/api/v1/conversations?searchBy=${marker}&pageSize=1`);
        expect(conversations.body!.totalCount).toBe(left.conversations);

        // The same batch again is taken whole; contacts kept from the first send are matched, not duplicated.
        const again = await request(server, 'POST', '/api/v1/conversations/bulk', { conversations: batch });
        expect(again.status).toBe(200);
        const duplicates = left.contacts === 0 ? 0 : BATCH_SIZE;
        expect(again.body!.report.counts).toEqual({
          successful: BATCH_SIZE,
          warnings: duplicates,
          duplicates,
          errors: 0,
          total: BATCH_SIZE,
        });
        const total = await countWritten(db, marker, phoneDigit, since);
        expect(total).toMatchObject({ contacts: BATCH_SIZE, addresses: 2 * BATCH_SIZE, conversations: left.conversations + BATCH_SIZE });
      },
      SLOW,
    );
  }
});
