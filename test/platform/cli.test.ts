import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/client.js';
import { withDatabase } from '../helpers/global-setup.js';
import { createTestDatabase } from '../helpers/test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the installed command, `bin/switchboard.js`, as a user would. */
async function switchboard(args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['bin/switchboard.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const database = await createTestDatabase();
afterAll(() => database.drop());

describe('switchboard CLI', () => {
  it('workspace create <name> prints the workspace and a key that works', async () => {
    const result = await switchboard(['workspace', 'create', 'Acme'], { DATABASE_URL: database.url });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { workspace: { id: string; name: string }; apiKey: string };
    expect(printed).toEqual({
      workspace: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme' },
      apiKey: expect.any(String),
      apiKeyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const handle = connectDatabase(database.url, { max: 2 });
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: database.url }), db: handle.db, logger: false });
    try {
      const response = await app.server.inject({
        method: 'GET',
        url: '/api/v1/this-route-does-not-exist',
        headers: { 'x-api-key': printed.apiKey },
      });
      expect(response.statusCode).toBe(404);
      expect((await app.services.workspaces.authenticate(printed.apiKey))?.workspaceUuid).toBe(printed.workspace.id);
    } finally {
      await app.server.close();
      await handle.close();
    }
  });

  it('migrate applies the migrations to an empty database', async () => {
    const serverUrl = inject('serverUrl');
    const name = `switchboard_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = withDatabase(serverUrl, name);
      const result = await switchboard(['migrate'], { DATABASE_URL: url });
      expect(result).toMatchObject({ code: 0, stdout: 'migrations applied\n' });
      const again = await switchboard(['migrate'], { DATABASE_URL: url });
      expect(again.code).toBe(0);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
      await client.end();
      expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(['workspaces', 'api_keys']));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('fails with a message and exit code 1 on bad input or configuration', async () => {
    const emptyName = await switchboard(['workspace', 'create', '  '], { DATABASE_URL: database.url });
    expect(emptyName.code).toBe(1);
    expect(emptyName.stderr).toMatch(/name/);

    const missingName = await switchboard(['workspace', 'create'], { DATABASE_URL: database.url });
    expect(missingName.code).toBe(1);
    expect(missingName.stderr).toMatch(/missing required argument/);

    const badConfig = await switchboard(['migrate'], { DATABASE_URL: database.url, BOOTSTRAP_API_KEY: 'short' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/BOOTSTRAP_API_KEY/);

    const unknown = await switchboard(['frobnicate'], {});
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command/);
  });
});

describe('switchboard --version and API keys', () => {
  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      expect(await switchboard([flag], {})).toMatchObject({ code: 0, stdout: `${version}\n` });
    }
  }, 120_000);

  it('lists the keys of the default workspace, issues and revokes one', async () => {
    const env = { DATABASE_URL: database.url };
    const created = JSON.parse((await switchboard(['workspace', 'create', 'Keys'], env)).stdout) as {
      workspace: { id: string };
      apiKey: string;
      apiKeyId: string;
    };
    const listed = await switchboard(['api-key', 'list', created.workspace.id], env);
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; prefix: string; revokedAt: string | null }>;
    expect(keys).toEqual([{ id: created.apiKeyId, prefix: created.apiKey.slice(0, 8), createdAt: expect.any(String), revokedAt: null }]);
    expect(listed.stdout).not.toContain(created.apiKey);

    const issued = JSON.parse((await switchboard(['api-key', 'create', created.workspace.id], env)).stdout) as { id: string };
    const revoked = await switchboard(['api-key', 'revoke', created.apiKeyId], env);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked ${created.apiKeyId}\n` });
    const after = JSON.parse((await switchboard(['api-key', 'list', created.workspace.id], env)).stdout) as typeof keys;
    expect(after.map((key) => [key.id, key.revokedAt === null])).toEqual([
      [created.apiKeyId, false],
      [issued.id, true],
    ]);

    // Without a workspace id: the first workspace of the database.
    const workspaces = JSON.parse((await switchboard(['workspace', 'list'], env)).stdout) as Array<{ id: string }>;
    const defaultKeys = JSON.parse((await switchboard(['api-key', 'list'], env)).stdout) as typeof keys;
    expect(workspaces.map((workspace) => workspace.id)).toContain(created.workspace.id);
    expect(defaultKeys).toEqual(JSON.parse((await switchboard(['api-key', 'list', workspaces[0]!.id], env)).stdout));
  }, 240_000);

  it('refuses a key id that is not a uuid or not known, in one line', async () => {
    const env = { DATABASE_URL: database.url };
    const malformed = await switchboard(['api-key', 'revoke', 'nope'], env);
    expect(malformed).toMatchObject({
      code: 1,
      stderr: 'switchboard: key-id must be a uuid, such as 3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90\n',
    });
    const unknown = await switchboard(['api-key', 'revoke', '3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^switchboard: .*3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90/);
  }, 120_000);
});
