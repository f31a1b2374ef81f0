import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { loadConfig } from '../../src/config.js';
import { poolOf } from '../../src/jobs/connection.js';
import { hashApiKey } from '../../src/modules/workspaces/workspaces.service.js';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { SseClient } from './sse-client.js';

let app: TestApp;
let base: string;
let apiKey: string;
let otherKey: string;
const clients: SseClient[] = [];

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await app.background.start();
  base = await app.server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => clients.forEach((client) => client.close()));

async function open(query = '', headers: Record<string, string> = {}, key = apiKey, at = base): Promise<SseClient> {
  const client = await SseClient.open(`${at}/api/v1/events/stream${query}`, { ...auth(key), ...headers });
  clients.push(client);
  return client;
}

describe('GET /api/v1/events/stream', () => {
  it('streams committed events as they happen, in the webhook envelope', async () => {
    const stream = await open();
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('ratelimit-limit')).not.toBeNull();
    const contact = await createContact(app, apiKey, { firstName: 'Live' });
    const [event] = await stream.waitFor(1);
    expect(event).toMatchObject({ id: expect.stringMatching(/^\d+$/), event: 'contact.created' });
    expect(event!.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'contact.created',
      createdAt: expect.any(String),
      workspaceId: contact.tenantId,
      actor: { type: 'api_key', id: (await app.services.workspaces.authenticate(apiKey))!.apiKeyId },
      data: expect.objectContaining({ id: contact.id, firstName: 'Live' }),
    });
  });

  it("sends only the types asked for, and only the workspace's own events", async () => {
    const stream = await open('?types=company.*,*.deleted');
    const contact = await createContact(app, apiKey, { firstName: 'Filtered' });
    await createContact(app, otherKey, { firstName: 'Elsewhere' });
    await app.server.inject({ method: 'POST', url: '/api/v1/companies', headers: auth(otherKey), payload: { name: 'Not ours' } });
    await app.server.inject({ method: 'POST', url: '/api/v1/companies', headers: auth(apiKey), payload: { name: 'Ours' } });
    await app.server.inject({ method: 'DELETE', url: `/api/v1/contacts/${contact.id}`, headers: auth(apiKey) });
    const events = await stream.waitFor(2);
    expect(events.map((event) => event.event)).toEqual(['company.created', 'contact.deleted']);
    expect(events[0]!.json.data.name).toBe('Ours');
  });

  it('resumes exactly after Last-Event-ID', async () => {
    const first = await open('?types=contact.created');
    await createContact(app, apiKey, { firstName: 'One' });
    const [one] = await first.waitFor(1);
    first.close();
    await createContact(app, apiKey, { firstName: 'Two' });
    await createContact(app, apiKey, { firstName: 'Three' });
    const resumed = await open('?types=contact.created', { 'last-event-id': one!.id! });
    const events = await resumed.waitFor(2);
    expect(events.map((event) => event.json.data.firstName)).toEqual(['Two', 'Three']);
    const byQuery = await open(`?types=contact.created&lastEventId=${events[0]!.id}`);
    await createContact(app, apiKey, { firstName: 'Four' });
    expect((await byQuery.waitFor(2)).map((event) => event.json.data.firstName)).toEqual(['Three', 'Four']);
  });

  it('never passes an event whose transaction commits late, so resuming cannot skip it', async () => {
    const stream = await open('?types=contact.created,test.*');
    // An older transaction writes an event and stays open while a newer one commits.
    const client = new pg.Client({ connectionString: poolOf(app.database.db).options.connectionString });
    await client.connect();
    try {
      const workspace = await client.query<{ id: number }>('SELECT workspace_id AS id FROM api_keys WHERE key_hash = $1', [
        hashApiKey(apiKey),
      ]);
      await client.query('BEGIN');
      await client.query(`INSERT INTO events (workspace_id, type, data) VALUES ($1, 'test.slow', '{"slow":true}')`, [
        workspace.rows[0]!.id,
      ]);
      await client.query(`SELECT pg_notify('switchboard_events', $1 || ':0')`, [workspace.rows[0]!.id]);
      await createContact(app, apiKey, { firstName: 'Quick' });
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const events = await stream.waitFor(2);
    // Sent in commit-safe order: the older transaction's event first, although it committed last.
    expect(events.map((event) => event.event)).toEqual(['test.slow', 'contact.created']);
    const resumed = await open('?types=contact.created,test.*', { 'last-event-id': events[0]!.id! });
    expect((await resumed.waitFor(1)).map((event) => event.json.data.firstName)).toEqual(['Quick']);
  });

  it.each([
    ['?types=Contact%20Created', {}, 'types[0]'],
    ['', { 'last-event-id': 'abc' }, 'last-event-id'],
    ['', { 'last-event-id': '99999999' }, 'Last-Event-ID'],
    ['?lastEventId=-1', {}, 'lastEventId'],
  ])('rejects %s %j naming %s', async (query, headers, field) => {
    const response = await app.server.inject({
      method: 'GET',
      url: `/api/v1/events/stream${query}`,
      headers: { ...auth(apiKey), ...headers },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it("refuses another workspace's event id as a resume point, and a missing key", async () => {
    const theirs = await open('', {}, otherKey);
    await createContact(app, otherKey, { firstName: 'Theirs' });
    const [event] = await theirs.waitFor(1);
    const response = await app.server.inject({
      method: 'GET',
      url: '/api/v1/events/stream',
      headers: { ...auth(apiKey), 'last-event-id': event!.id! },
    });
    expect(response.statusCode).toBe(400);
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/events/stream' })).statusCode).toBe(401);
  });
});

describe('several server processes on one database', () => {
  let second: App;
  let handle: DatabaseHandle;
  let secondBase: string;

  beforeAll(async () => {
    handle = connectDatabase(poolOf(app.database.db).options.connectionString!, { max: 3 });
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), JOBS_POLLING_INTERVAL_SECONDS: 0.5 };
    second = await buildApp({ config, db: handle.db, logger: false });
    await second.background.start();
    secondBase = await second.server.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await second.server.close();
    await second.background.stop();
    await handle.close();
  });

  it('streams from one process what was written through another', async () => {
    const stream = await open('?types=contact.created', {}, apiKey, secondBase);
    const contact = await createContact(app, apiKey, { firstName: 'Across' });
    const [event] = await stream.waitFor(1);
    expect(event!.json.data.id).toBe(contact.id);
  });

  it('ends open streams when the server shuts down', async () => {
    const stream = await open('', {}, apiKey, secondBase);
    await second.server.close();
    await stream.waitForEnd();
    expect(stream.closedByServer).toBe(true);
  });
});
