import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await buildTestApp({ WEBHOOK_RETRY_BASE_SECONDS: 0.1, WEBHOOK_RETRY_MAX_SECONDS: 0.3 });
  receiver = await startWebhookReceiver();
  await app.background.start();
});
afterAll(() => receiver.stop());

describe('a webhook receiver that is down, then up', () => {
  it('gets every event, none lost, each under its stable id', async () => {
    const { apiKey } = await app.newWorkspace('Faults');
    const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      app.server.inject({ method, url, headers: auth(apiKey), ...(payload ? { payload } : {}) });
    const webhook = (await request('POST', '/api/v1/webhooks', { url: receiver.url, eventTypes: ['*'] })).json() as { id: number };
    await receiver.stop();

    // Changes while it is down, several committing at once.
    const contacts = await Promise.all(
      Array.from({ length: 12 }, (_, index) => createContact(app, apiKey, { firstName: `Down ${index}` })),
    );
    await Promise.all(contacts.slice(0, 6).map((contact) => request('PUT', `/api/v1/contacts/${contact.id}`, { lastName: 'Updated' })));
    await Promise.all(contacts.slice(6, 9).map((contact) => request('DELETE', `/api/v1/contacts/${contact.id}`)));
    await request('POST', '/api/v1/companies', { name: 'Down Inc' });
    const expected = 12 + 6 + 3 + 1;

    // Every delivery has failed at least once before the receiver comes back.
    await eventually(async () => {
      const { items, totalCount } = (await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries?pageSize=100`)).json();
      return totalCount === expected && items.every((item: { attempts: number }) => item.attempts >= 1) ? true : undefined;
    }, 'every delivery to have failed once');
    expect(receiver.requests).toHaveLength(0);

    await receiver.start();
    const deliveries = await eventually(
      async () => {
        const { items } = (await request('GET', `/api/v1/webhooks/${webhook.id}/deliveries?pageSize=100`)).json();
        return items.every((item: { status: string }) => item.status === 'succeeded')
          ? (items as { eventId: string; attempts: number }[])
          : undefined;
      },
      'every delivery to succeed',
      60_000,
    );

    const events = await app.database.db.execute<{ uuid: string }>(
      sql`SELECT uuid FROM events WHERE workspace_id = (SELECT workspace_id FROM webhook_subscriptions WHERE id = ${webhook.id})`,
    );
    const eventIds = new Set(events.rows.map((row) => row.uuid));
    expect(eventIds.size).toBe(expected);
    expect(new Set(deliveries.map((delivery) => delivery.eventId))).toEqual(eventIds);
    expect(deliveries.every((delivery) => delivery.attempts >= 2)).toBe(true);

    // None lost: the receiver accepted every event. Each request carries its event's id, and a
    // repeat of an event only ever carries the same id and the same body.
    expect(new Set(receiver.accepted.map((seen) => seen.json.id))).toEqual(eventIds);
    const bodies = new Map<string, Set<string>>();
    for (const seen of receiver.requests) {
      expect(seen.headers['switchboard-event-id']).toBe(seen.json.id);
      expect(eventIds.has(seen.json.id)).toBe(true);
      bodies.set(seen.json.id, (bodies.get(seen.json.id) ?? new Set()).add(seen.body));
    }
    expect([...bodies.values()].every((sent) => sent.size === 1)).toBe(true);
  });
});
