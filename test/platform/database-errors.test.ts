import { describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { withDatabase } from '../helpers/global-setup.js';

/** What migrating a database at `url` fails with. */
async function failureAt(url: string): Promise<string> {
  const handle = connectDatabase(url, { max: 1 });
  try {
    await migrateDatabase(handle.db);
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await handle.close();
  }
}

describe('database connection errors name their cause', () => {
  const serverUrl = new URL(inject('serverUrl'));

  it('a wrong password', async () => {
    const url = new URL(serverUrl);
    url.password = 'not-the-password';
    const message = await failureAt(url.toString());
    expect(message).toMatch(/^Cannot connect to the database at 127\.0\.0\.1:\d+\/postgres: password authentication failed/);
    expect(message).not.toContain('not-the-password');
    expect(message).not.toContain('Failed query');
  });

  it('nothing listening', async () => {
    const message = await failureAt('postgres://user:secret@127.0.0.1:1/switchboard');
    expect(message).toMatch(/^Cannot connect to the database at 127\.0\.0\.1:1\/switchboard: .*ECONNREFUSED/);
  });

  it('a database that does not exist', async () => {
    const message = await failureAt(withDatabase(serverUrl.toString(), 'no_such_database'));
    expect(message).toMatch(/database "no_such_database" does not exist/);
  });
});
