import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { binariesReachableByOthers, closedDirectoryAbove, installedBinaries } from './postgres-binaries.js';
import { initialiseCluster, postgresUser, startPostmaster } from './postgres-process.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  /** 0 picks a free loopback port. */
  port: number;
  /** Notices such as an orphaned PostgreSQL being stopped. PostgreSQL's own output is quoted only when it fails to start. */
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
const START_ATTEMPTS = 3;
/** How many of PostgreSQL's last log lines a start failure quotes. */
const LOG_TAIL_LINES = 20;
/** Loopback TCP only: no Unix socket, whose directory the "postgres" user might not be able to write. */
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];

/**
 * Starts the PostgreSQL cluster kept in `<dataDir>/postgres`, creating it on first use.
 * It listens on loopback only; its password is generated once and kept beside the cluster.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'postgres');
  const log = options.log ?? (() => {});
  await mkdir(dataDir, { recursive: true });
  const runAsRoot = process.getuid?.() === 0;
  // As root, PostgreSQL runs as a "postgres" user, which must be able to enter the data directory.
  if (runAsRoot) await makeReachable(dataDir);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres.password'));

  const lock = await readLockFile(clusterDir);
  if (lock?.live && options.mode === 'shared') {
    return { url: connectionUrl(password, lock.port), stop: async () => {} };
  }
  if (lock?.live) await stopOrphanedPostmaster(lock.pid, dataDir, log);
  else if (lock?.pidTaken) await removeStaleLock(clusterDir, lock.pid, log);

  const installed = await installedBinaries();
  const binaries = runAsRoot ? await binariesReachableByOthers(installed) : installed;
  const runAs = runAsRoot ? await postgresUser() : undefined;
  // PostgreSQL's latest output, quoted in the error if it does not start.
  const recentLog: string[] = [];
  const onLog = (message: string) => {
    for (const line of message.split('\n').filter((text) => text.trim())) recentLog.push(line.trimEnd());
    recentLog.splice(0, Math.max(0, recentLog.length - LOG_TAIL_LINES));
  };
  const cluster = { binaries, clusterDir, runAs, onLog };

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    try {
      await initialiseCluster({ ...cluster, user: USER, password });
    } catch (error) {
      throw startFailure(`could not be created in ${clusterDir}`, error, recentLog);
    }
  }
  let port = options.port || (await findFreePort());
  // A postgres killed with SIGKILL leaves children that exit a moment later, and PostgreSQL
  // refuses to start while they hold the old shared memory; a free port can also be taken
  // between finding and using it. Both pass on a later attempt.
  for (let attempt = 1; ; attempt++) {
    try {
      await startPostmaster({ ...cluster, port, flags: POSTGRES_FLAGS });
      break;
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw startFailure(`in ${clusterDir} did not start`, error, recentLog);
      log(`the embedded PostgreSQL did not start (attempt ${attempt}); trying again`);
      await sleep(1000 * attempt);
      if (!options.port) port = await findFreePort();
    }
  }
  const postmasterPid = (await readLockFile(clusterDir))?.pid;

  const client = new pg.Client({ connectionString: connectionUrl(password, port, 'postgres') });
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
      // By the pid in the lock file, not the child's exit event, which has already passed when
      // PostgreSQL stopped first (Ctrl-C in a terminal signals the whole process group).
      if (postmasterPid) await stopPostmaster(postmasterPid);
      await rm(path.join(dataDir, SERVER_PID_FILE), { force: true });
    },
  };
}

/**
 * Started as root, PostgreSQL runs as the "postgres" user, which must pass through every
 * directory above the data directory. The data directory itself is opened to it (it holds
 * only the cluster, which PostgreSQL keeps 0700, and root's 0600 password file); directories
 * above it are not ours to change, so a closed one stops the start with what to do instead.
 */
async function makeReachable(dataDir: string): Promise<void> {
  const closed = await closedDirectoryAbove(dataDir);
  if (closed) {
    throw new Error(
      `Started as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter ${closed} to reach DATA_DIR ${dataDir}: set DATA_DIR to a directory outside it (for example DATA_DIR=/var/lib/switchboard), run as another user, or set DATABASE_URL.`,
    );
  }
  await chmod(dataDir, (await stat(dataDir)).mode | 0o011);
}

/** The error for a failed start, quoting PostgreSQL's last words. */
function startFailure(what: string, error: unknown, recentLog: string[]): Error {
  const reason = error instanceof Error ? `: ${error.message}` : '';
  const tail = recentLog.length ? `\nPostgreSQL said:\n  ${recentLog.join('\n  ')}` : '';
  return new Error(`The embedded PostgreSQL ${what}${reason}${tail}`);
}

function connectionUrl(password: string, port: number, database = DATABASE): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

interface LockFile {
  pid: number;
  port: number;
  /** A postgres serving this cluster runs under that pid. */
  live: boolean;
  /**
   * The pid exists but is no postgres of ours: another program took it over (pids start over
   * after a reboot or a container restart), or it is a killed postgres that was never reaped.
   * PostgreSQL takes any existing pid for a running postmaster and would refuse to start.
   */
  pidTaken: boolean;
}

/** What `<cluster>/postmaster.pid` says, checked against the running processes. */
async function readLockFile(clusterDir: string): Promise<LockFile | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const [pidLine, dirLine, , portLine] = text.split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || dirLine?.trim() !== clusterDir) return undefined;
  const commandLine = isAlive(pid) ? await processCommandLine(pid) : undefined;
  // When the command line cannot be read, a live pid is taken to be the postgres it claims to be.
  const live = isAlive(pid) && (commandLine === undefined || commandLine.includes(clusterDir));
  return { pid, port: Number(portLine), live, pidTaken: !live && pidExists(pid) };
}

/**
 * A server killed with SIGKILL leaves its postgres running on our data directory, and a new
 * start would fail. When the server that started it (recorded in `server.pid`) is gone, it is
 * asked to shut down: SIGINT is PostgreSQL's "fast" shutdown (`pg_ctl stop -m fast`). A stale
 * lock file from a dead postgres is left to PostgreSQL itself, which replaces it and recovers
 * from its write-ahead log.
 */
async function stopOrphanedPostmaster(pid: number, dataDir: string, log: (message: string) => void): Promise<void> {
  const owner = await readServerPid(dataDir);
  if (owner !== undefined && owner !== process.pid && isAlive(owner) && (await isNodeProcess(owner))) {
    throw new Error(`Another Switchboard process (pid ${owner}) is using ${dataDir}; stop it first or use another DATA_DIR`);
  }
  log(`stopping the PostgreSQL (pid ${pid}) left running in ${dataDir} by an earlier server`);
  await stopPostmaster(pid);
}

/** Fast shutdown, then waits for the postmaster to exit (it has stopped its children by then). */
async function stopPostmaster(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL pid ${pid} did not stop within 30 s; stop it and start again`);
    await sleep(50);
  }
}

/**
 * The lock names a pid that exists but is not our postgres, so PostgreSQL would not replace it
 * as it replaces a lock whose pid is gone. The lock is removed, once no process is left working
 * in the cluster directory.
 */
async function removeStaleLock(clusterDir: string, pid: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await processesWorkingIn(clusterDir)).length > 0) {
    if (Date.now() > deadline) throw new Error(`Processes are still running in ${clusterDir}; stop them and start again`);
    await sleep(100);
  }
  log(`removing the stale lock file of PostgreSQL pid ${pid}, which is no longer running`);
  await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
}

async function readServerPid(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dataDir, SERVER_PID_FILE), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `pid` names a process, running or a zombie. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a process runs under `pid`. A zombie (exited, not yet reaped: an orphan whose new parent does not reap) does not. */
function isAlive(pid: number): boolean {
  if (!pidExists(pid)) return false;
  if (process.platform !== 'linux') return true;
  try {
    // /proc/<pid>/stat is "pid (command) state ...", and the command may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

/** The command line of a process, or undefined where it cannot be read. */
async function processCommandLine(pid: number): Promise<string | undefined> {
  try {
    if (process.platform === 'linux') return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    const { stdout } = await promisify(execFile)('ps', ['-p', String(pid), '-o', 'command=']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a pid is a Node.js process (a recycled pid usually is not); true where it cannot be told. */
async function isNodeProcess(pid: number): Promise<boolean> {
  if (process.platform !== 'linux') return true;
  try {
    return path.basename(await readlink(`/proc/${pid}/exe`)).startsWith('node');
  } catch {
    return true;
  }
}

/** Pids whose working directory is `directory` (PostgreSQL's processes work in their cluster directory); Linux only. */
async function processesWorkingIn(directory: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  for (const pid of pids) {
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
    if (cwd === directory) found.push(Number(pid));
  }
  return found;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
