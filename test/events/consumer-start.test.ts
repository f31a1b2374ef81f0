import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { poolOf } from '../../src/jobs/connection.js';
import { defineConsumer, type ConsumedEvent } from '../../src/modules/events/consumers.js';
import { recordEvent } from '../../src/modules/events/events.js';
import type { Tenant } from '../../src/shared/tenant.js';
import { buildTestServices, type TestServices } from '../helpers/test-services.js';
import { waitUntil } from '../helpers/wait.js';

const seen: ConsumedEvent<'contact.created'>[] = [];

/** Starts at `now`, as the agent runtime's consumer does: only events committed after the start are its own. */
const fromNow = defineConsumer({
  name: 'test-from-now',
  types: ['contact.created'],
  startAt: 'now',
  async handle(events) {
    seen.push(...events);
  },
});

let built: TestServices;
let tenant: Tenant;
let writer: pg.Client;

beforeAll(async () => {
  built = await buildTestServices({ register: { consumers: [fromNow] } });
  tenant = await built.newTenant('Acme');
  // A connection of its own, outside the application's pool.
  writer = new pg.Client({ connectionString: built.config.DATABASE_URL });
  await writer.connect();
});

afterAll(async () => {
  await writer.end();
});

async function commitContactEvent(firstName: string) {
  const db = drizzle(writer, { schema });
  const data = { id: 1, uuid: '00000000-0000-4000-8000-000000000001', firstName } as never;
  await recordEvent(db, tenant, 'contact.created', data);
}

describe('a consumer that starts at now', () => {
  it('gets an event committed as soon as the background has started, even when its first batch runs late', async () => {
    // Every pooled connection busy: the consumer's first batch (and anything else needing the
    // pool) must wait. A start() that returned before the consumer's cursor existed would let
    // the event below commit before the cursor, which would then begin after it.
    const pool = poolOf(built.db);
    const held = await Promise.all(Array.from({ length: pool.options.max ?? 5 }, () => pool.connect()));
    const starting = built.background.start();
    const returnedWhileBusy = await Promise.race([
      starting.then(() => true),
      new Promise<false>((resolve) => setTimeout(resolve, 1_000, false)),
    ]);
    if (returnedWhileBusy) await commitContactEvent('Right after start');
    for (const client of held) client.release();
    await starting;
    if (!returnedWhileBusy) await commitContactEvent('Right after start');
    await waitUntil(() => seen.some((event) => event.data.firstName === 'Right after start'), 'the consumer got the event', {
      timeoutMs: 20_000,
    });
    expect(seen.map((event) => event.data.firstName)).toEqual(['Right after start']);
  });
});
