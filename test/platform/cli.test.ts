import { execFile } from 'node:child_process';
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
    expect(printed).toEqual({ workspace: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Acme' }, apiKey: expect.any(String) });

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
