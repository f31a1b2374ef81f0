import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { login } from '../helpers/inbox.js';
import { buildTestApp } from '../helpers/test-app.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the first inbox admin', () => {
  it('`switchboard user create --admin` prints a generated password that logs in; a given one is not printed', async () => {
    const app = await buildTestApp();
    const { workspaceId } = await app.newWorkspace('Acme');
    const databaseUrl = (app.database.pool.options as { connectionString: string }).connectionString;
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, ['bin/switchboard.js', 'user', 'create', ...args], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl },
        timeout: 60_000,
      });
    const generated = await run(['--admin', '--email', 'Boss@Example.com', '--name', 'The Boss', '--workspace', workspaceId]);
    const printed = JSON.parse(generated.stdout) as { user: { email: string; role: string }; password: string };
    expect(printed.user).toMatchObject({ email: 'boss@example.com', role: 'admin' });
    expect(printed.password).toMatch(/^[A-Za-z0-9]{20}$/);
    const session = await login(app, { email: 'boss@example.com', password: printed.password });
    const me = await app.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.read });
    expect(me.json()).toMatchObject({ user: { role: 'admin' }, workspaceId });

    const chosen = await run([
      '--email',
      'ana@example.com',
      '--name',
      'Ana',
      '--password',
      'a long passphrase',
      '--workspace',
      workspaceId,
    ]);
    expect(JSON.parse(chosen.stdout)).not.toHaveProperty('password');
    await login(app, { email: 'ana@example.com', password: 'a long passphrase' });

    const refused = await run(['--email', 'short@example.com', '--name', 'Short', '--password', 'short', '--workspace', workspaceId]).catch(
      (error: { stderr: string }) => error,
    );
    expect((refused as { stderr: string }).stderr).toContain('password: must be at least 10 characters');
  }, 60_000);

  it('is created at first start when nobody can log in, and only then', async () => {
    const app = await buildTestApp();
    await app.services.workspaces.ensureDefaultWorkspace();
    const first = await app.services.auth.ensureFirstAdmin('admin@example.com');
    expect(first).toEqual({ email: 'admin@example.com', password: expect.stringMatching(/^[A-Za-z0-9]{20}$/) });
    await login(app, first!);
    expect(await app.services.auth.ensureFirstAdmin('admin@example.com')).toBeUndefined();
  });
});
