import { waitUntil } from '../helpers/wait.js';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isRunning, killGroup, postmasterPid, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/**
 * The real server, as `npm start` runs it, on its embedded PostgreSQL in a DATA_DIR of its
 * own: graceful stop, restarts, and recovery from a killed server or a killed PostgreSQL.
 * The tests run in order and share one data directory.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOOTSTRAP_API_KEY = 'lifecycle-bootstrap-key-0123456789';
const ADMIN_TOKEN = 'lifecycle-admin-token-0123456789';
const SLOW = 180_000;

type Server = ServerProcess;

const spawned: Server[] = [];
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-lifecycle-'));
const port = await freePort();

afterAll(async () => {
  // Whatever happened above, leave no server and no PostgreSQL running.
  for (const server of spawned) {
    if (server.child.exitCode === null && server.child.signalCode === null) killGroup(server.child.pid!);
  }
  const postmaster = postmasterPid(dataDir);
  if (postmaster && isRunning(postmaster)) process.kill(postmaster, 'SIGKILL');
  await Promise.all(spawned.map((server) => server.exited));
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

/** Starts `bin/switchboard.js serve` on this file's DATA_DIR and waits until it has said it listens. */
function startServer(): Promise<Server> {
  return startServerProcess({ dataDir, port, env: { BOOTSTRAP_API_KEY, ADMIN_TOKEN }, spawned });
}

async function request(server: Server, method: string, url: string, headers: Record<string, string> = {}, body?: unknown) {
  const response = await fetch(server.url + url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

const v1 = { authorization: `Bearer ${BOOTSTRAP_API_KEY}` };

/** A contact and a workspace written through the API; both must survive every restart. */
async function writeData(server: Server, name: string): Promise<{ contactId: number; workspaceId: string }> {
  const contact = await request(server, 'POST', '/api/v1/contacts', v1, {
    firstName: name,
    addresses: [{ channelType: 'EMAIL', address: 'kept@example.com' }],
  });
  expect(contact.status).toBe(200);
  const workspace = await request(server, 'POST', '/admin/v1/workspaces', admin, { name });
  expect(workspace.status).toBe(201);
  return { contactId: (contact.body as { id: number }).id, workspaceId: (workspace.body as { workspace: { id: string } }).workspace.id };
}

async function expectKept(server: Server, written: { contactId: number; workspaceId: string }[]): Promise<void> {
  for (const { contactId, workspaceId } of written) {
    const contact = await request(server, 'GET', `/api/v1/contacts/${contactId}`, v1);
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ id: contactId, email: 'kept@example.com' });
    expect((await request(server, 'POST', `/admin/v1/workspaces/${workspaceId}/api-keys`, admin)).status).toBe(201);
  }
}

async function expectServing(server: Server): Promise<void> {
  expect(await request(server, 'GET', '/health')).toEqual({ status: 200, body: { status: 'ok' } });
  // The bootstrap key opens the v1 surface: an unknown route is 404 only once the key is accepted.
  const probe = await request(server, 'GET', '/api/v1/this-route-does-not-exist', { 'x-api-key': BOOTSTRAP_API_KEY });
  expect(probe.status).toBe(404);
}

describe('server lifecycle on the embedded PostgreSQL', () => {
  const written: { contactId: number; workspaceId: string }[] = [];
  let server: Server;

  it(
    'serves, and on SIGTERM exits 0 having stopped its PostgreSQL',
    async () => {
      server = await startServer();
      expect(server.output()).toMatch(/API reference: http:\/\/127\.0\.0\.1:\d+\/docs/);
      await expectServing(server);
      written.push(await writeData(server, 'Survives a clean restart'));
      const postmaster = postmasterPid(dataDir);
      expect(postmaster && isRunning(postmaster)).toBe(true);

      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(server.output()).toMatch(/SIGTERM received: shutting down/);
      const left = postmasterPid(dataDir);
      expect(left === undefined || !isRunning(left), `postgres pid ${left} is still running`).toBe(true);
    },
    SLOW,
  );

  it(
    'keeps the data over a restart, and a second server on the same DATA_DIR refuses to start',
    async () => {
      server = await startServer();
      await expectServing(server);
      await expectKept(server, written);

      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      const second = spawn(process.execPath, ['bin/switchboard.js', 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      second.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      second.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => second.once('close', (exitCode) => resolve(exitCode)));
      expect(code, output).toBe(1);
      expect(output).toMatch(/Another Switchboard process \(pid \d+\) is using/);
      await expectServing(server);
    },
    SLOW,
  );

  it(
    'after a SIGKILL its PostgreSQL outlives it; the next start stops that one, and no committed write is lost',
    async () => {
      written.push(await writeData(server, 'Written just before SIGKILL'));
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      const orphan = postmasterPid(dataDir);
      expect(orphan && isRunning(orphan), 'the embedded postgres outlives a killed server').toBe(true);

      server = await startServer();
      expect(server.output()).toMatch(new RegExp(`stopping the PostgreSQL \\(pid ${orphan}\\)`));
      expect(isRunning(orphan!)).toBe(false);
      await expectServing(server);
      await expectKept(server, written);
    },
    SLOW,
  );

  it(
    'starts over the stale postmaster.pid of a PostgreSQL killed under a live server, with the data intact',
    async () => {
      written.push(await writeData(server, 'Written before PostgreSQL was killed'));
      const postmaster = postmasterPid(dataDir)!;
      // The server is PostgreSQL's parent and reaps it: the lock file names a pid that is gone.
      process.kill(postmaster, 'SIGKILL');
      await waitUntil(() => !isRunning(postmaster), `postgres pid ${postmaster} is gone`);
      server.child.kill('SIGKILL');
      await server.exited;
      expect(postmasterPid(dataDir), 'the killed postgres leaves its lock file behind').toBe(postmaster);

      server = await startServer();
      await expectServing(server);
      await expectKept(server, written);
    },
    SLOW,
  );

  it(
    'starts over the stale postmaster.pid of a PostgreSQL killed after its server, with the data intact',
    async () => {
      written.push(await writeData(server, 'Written before both were killed'));
      const postmaster = postmasterPid(dataDir)!;
      // Orphaned first, the killed postgres is left to a parent that may never reap it.
      server.child.kill('SIGKILL');
      await server.exited;
      process.kill(postmaster, 'SIGKILL');
      await waitUntil(() => !isRunning(postmaster), `postgres pid ${postmaster} is gone`);
      expect(postmasterPid(dataDir), 'the killed postgres leaves its lock file behind').toBe(postmaster);

      server = await startServer();
      await expectServing(server);
      await expectKept(server, written);

      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      const left = postmasterPid(dataDir);
      expect(left === undefined || !isRunning(left)).toBe(true);
    },
    SLOW,
  );
});
