import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { fileURLToPath } from 'node:url';

/**
 * The real server as `npm start` runs it (`bin/switchboard.js serve`), in a process of its own
 * on the embedded PostgreSQL of a DATA_DIR, for tests that kill and restart it.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server without DATABASE_URL, so on the embedded PostgreSQL kept in `dataDir`, and
 * waits until it has said it listens. `env` adds to (and overrides) the test's environment. The
 * server joins `spawned` as soon as it is started, so that cleanup finds it whatever happens.
 */
export async function startServerProcess(options: {
  dataDir: string;
  port: number;
  env?: NodeJS.ProcessEnv;
  /** The project directory to run `bin/switchboard.js` in; this checkout by default. */
  cwd?: string;
  spawned: ServerProcess[];
  /** The command and its options (default `serve`), e.g. `['serve', '--role', 'api']` or `['worker']`. */
  args?: string[];
  /** A database of its own instead of DATA_DIR's embedded PostgreSQL (processes sharing it). */
  databaseUrl?: string;
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  delete env.DATABASE_URL;
  delete env.EMBEDDED_PG_PORT;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  const args = options.args ?? ['serve'];
  const worker = args[0] === 'worker';
  // Its own process group, so that cleanup can kill the server with its PostgreSQL.
  const child = spawn(process.execPath, ['bin/switchboard.js', ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const server: ServerProcess = { child, url: `http://127.0.0.1:${options.port}`, output: () => output, exited };
  options.spawned.push(server);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 120 s:\n${output}`)), 120_000);
    child.stdout.on('data', () => {
      // The address, then the docs URL and the key, each on a line of its own.
      if (worker ? /worker \d+ is running/.test(output) : /listening on http.*\n.*API reference.*\n.*API key/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  return server;
}

/**
 * Leaves nothing running: every server still alive, with its process group, and the
 * PostgreSQL of `dataDir`, which outlives a server killed alone.
 */
export async function stopServerProcesses(servers: ServerProcess[], dataDir: string): Promise<void> {
  for (const server of servers) {
    if (server.child.exitCode === null && server.child.signalCode === null) killGroup(server.child.pid!);
  }
  const postmaster = postmasterPid(dataDir);
  if (postmaster && isRunning(postmaster)) process.kill(postmaster, 'SIGKILL');
  await Promise.all(servers.map((server) => server.exited));
}

/** The embedded PostgreSQL's pid and port, from its lock file. */
export function postmasterLock(dataDir: string): { pid: number; port: number } | undefined {
  const lockFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(lockFile)) return undefined;
  const lines = readFileSync(lockFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : undefined;
}

export function postmasterPid(dataDir: string): number | undefined {
  return postmasterLock(dataDir)?.pid;
}

/** A zombie (killed, not reaped yet: the orphan's new parent may never reap it) is not running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A call to a server process's API with a workspace key: its status and JSON body (undefined when empty). */
export async function apiRequest(server: ServerProcess, apiKey: string, method: string, url: string, body?: unknown) {
  const response = await fetch(server.url + url, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, any> };
}

/**
 * A direct connection to the embedded PostgreSQL of `dataDir`, found through its lock file. A
 * PostgreSQL stopped under it must not crash the test run: the next query fails instead.
 */
export async function connectToDataDir(dataDir: string, options: { applicationName?: string } = {}): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: postmasterLock(dataDir)!.port,
    user: 'switchboard',
    password: readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim(),
    database: 'switchboard',
    application_name: options.applicationName,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}
