import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { withDatabase } from '../helpers/global-setup.js';

/**
 * Migration 0008 moves WhatsApp channels' routing data from whatsapp_phone_number_id and
 * whatsapp_phone_number into the generic routing_key and address columns: a database migrated
 * up to 0007, with channels in it, keeps them routable after 0008.
 */
const MIGRATIONS = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
const name = `switchboard_test_migration_${process.pid}`;
const serverUrl = inject('serverUrl');
let handle: DatabaseHandle | undefined;
let before: string | undefined;

afterAll(async () => {
  await handle?.close();
  if (before) await rm(before, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

/** The committed migrations up to (not including) `tag`, in a folder of their own. */
async function migrationsBefore(tag: string): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'switchboard-migrations-'));
  await cp(MIGRATIONS, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalFile, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(
    0,
    journal.entries.findIndex((entry) => entry.tag === tag),
  );
  await writeFile(journalFile, JSON.stringify(journal));
  return folder;
}

describe('migration 0008 (channel routing key)', () => {
  it('copies WhatsApp phone number ids and numbers into routing_key and address, then drops the old columns', async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    handle = connectDatabase(withDatabase(serverUrl, name), { max: 2 });
    before = await migrationsBefore('0008_channel_routing_key');
    await migrate(handle.db, { migrationsFolder: before });

    const { rows } = await handle.pool.query<{ id: number }>(`INSERT INTO workspaces (name) VALUES ('Old') RETURNING id`);
    const workspaceId = rows[0]!.id;
    await handle.pool.query(
      `INSERT INTO channels (workspace_id, type, name, settings, whatsapp_phone_number_id, whatsapp_phone_number)
       VALUES ($1, 'whatsapp', 'Old WhatsApp', '{"phoneNumberId":"106540352242922","phoneNumber":"+14155552671"}', '106540352242922', '+14155552671'),
              ($1, 'api', 'Old API', '{}', NULL, NULL)`,
      [workspaceId],
    );

    await migrateDatabase(handle.db);
    const channels = await handle.pool.query(`SELECT name, type, routing_key, address FROM channels ORDER BY id`);
    expect(channels.rows).toEqual([
      { name: 'Old WhatsApp', type: 'whatsapp', routing_key: '106540352242922', address: '+14155552671' },
      { name: 'Old API', type: 'api', routing_key: null, address: null },
    ]);
    const columns = await handle.pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'channels' AND column_name LIKE 'whatsapp%'`,
    );
    expect(columns.rows).toEqual([]);
    // The unique routing index holds: the same phone number id cannot be connected twice.
    await expect(
      handle.pool.query(
        `INSERT INTO channels (workspace_id, type, name, routing_key) VALUES ($1, 'whatsapp', 'Again', '106540352242922')`,
        [workspaceId],
      ),
    ).rejects.toThrow(/channels_routing_key_idx/);
  });
});
