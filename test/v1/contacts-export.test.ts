import { get as httpGet } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createContact, defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually } from '../helpers/webhook-receiver.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { fieldKey: 'source', fieldType: 'STRING' });
  await createContact(app, apiKey, { firstName: 'Jane', lastName: 'Doe, Jr.', email: 'jane@example.com', customFields: { source: 'web' } });
  await createContact(app, apiKey, { firstName: 'John', addresses: [{ channelType: 'WHATSAPP', address: '+56912345678' }] });
  await createContact(app, otherKey, { firstName: 'Hidden' });
});

const get = (url: string, key = apiKey) => app.server.inject({ method: 'GET', url, headers: auth(key) });

describe('GET /api/v1/contacts/export.csv and export.json', () => {
  it('streams every matching contact as CSV with a header row', async () => {
    const response = await get('/api/v1/contacts/export.csv');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body.trim().split('\n');
    expect(lines[0]).toBe(
      'id,firstName,lastName,email,phone,companyPosition,contactCompanyId,userId,providerId,providerName,nationalId,createdAt,updatedAt,addresses,customFields',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('"Doe, Jr."');
    expect(lines[1]).toContain('EMAIL:jane@example.com');
    expect(lines[2]).toContain('WHATSAPP:+56912345678');
    expect(response.body).not.toContain('Hidden');
  });

  it('applies the list filters and sort, and exports JSON', async () => {
    const response = await get('/api/v1/contacts/export.json?filterBy=firstName:John');
    expect(response.statusCode).toBe(200);
    const items = response.json();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ firstName: 'John', phone: '+56912345678' });
    // The export is formatted by PostgreSQL: it must be exactly what GetContact answers.
    for (const item of (await get('/api/v1/contacts/export.json')).json()) {
      expect(item).toEqual((await get(`/api/v1/contacts/${item.id}`)).json());
    }
    const sorted = (await get('/api/v1/contacts/export.json?sortBy=firstName=desc')).json();
    expect(sorted.map((item: { firstName: string }) => item.firstName)).toEqual(['John', 'Jane']);
    expect((await get('/api/v1/contacts/export.json', otherKey)).json().map((item: { firstName: string }) => item.firstName)).toEqual([
      'Hidden',
    ]);
  });

  it('answers an empty export and rejects bad filters before streaming', async () => {
    expect((await get('/api/v1/contacts/export.json?filterBy=firstName:Nobody')).json()).toEqual([]);
    const bad = await get('/api/v1/contacts/export.csv?filterBy=secret:1');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('secret');
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/contacts/export.csv' })).statusCode).toBe(401);
  });

  it('streams an export of many batches in order, and frees its connection when the client goes away', async () => {
    const { apiKey: bigKey, workspaceId } = await app.newWorkspace('Big');
    const pool = app.database.db.$client;
    // 12,345 contacts: more than two of the export's batches of 5,000.
    await pool.query(
      `INSERT INTO contacts (workspace_id, first_name, search_text, created_at)
       SELECT w.id, 'Lead' || n, 'lead' || n, timestamp '2026-01-01' + n * interval '1 second'
       FROM workspaces w, generate_series(1, 12345) n WHERE w.uuid = $1`,
      [workspaceId],
    );
    const whole = await get('/api/v1/contacts/export.csv', bigKey);
    const names = whole.body
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(names).toHaveLength(12345);
    expect(names[0]).toBe('"Lead1"');
    expect(names[12344]).toBe('"Lead12345"');

    const address = await app.server.listen({ port: 0, host: '127.0.0.1' });
    // The client reads the first chunk and hangs up (node:http: undici's fetch keeps an aborted socket open).
    await new Promise<void>((resolve, reject) => {
      const request = httpGet(`${address}/api/v1/contacts/export.csv`, { headers: auth(bigKey) }, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', reject);
    });
    // The cursor's connection goes back to the pool, idle.
    await eventually(async () => (pool.totalCount === pool.idleCount ? true : undefined), 'the export connection to be released');
    expect((await get('/api/v1/contacts/export.csv')).statusCode).toBe(200);
    const connections = await new Promise<number>((resolve) => app.server.server.getConnections((_error, count) => resolve(count)));
    expect(connections).toBe(0);
  });
});
