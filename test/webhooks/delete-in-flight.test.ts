import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * The delivery's record stops right before it counts the success on its subscription, until
 * the test opens the gate: the moment a concurrent delete of the subscription (which cascades
 * to the deliveries) used to deadlock with it.
 */
const gate = vi.hoisted(() => {
  let open = () => {};
  const state = { reached: false, opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
  return state;
});
vi.mock('../../src/modules/webhooks/subscriptions.repository.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/modules/webhooks/subscriptions.repository.js')>();
  return {
    ...original,
    recordSubscriptionSuccess: async (...args: Parameters<typeof original.recordSubscriptionSuccess>) => {
      gate.reached = true;
      await gate.opened;
      return original.recordSubscriptionSuccess(...args);
    },
  };
});

let app: TestApp;
let apiKey: string;
let receiver: WebhookReceiver;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Deletes'));
  receiver = await startWebhookReceiver();
  await app.background.start();
});
afterAll(() => receiver.stop());

/** Backends of the test database waiting for a lock. */
async function lockWaiters(): Promise<number> {
  const { rows } = await app.database.pool.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].n;
}

describe('deleting a webhook subscription while a delivery is being recorded', () => {
  it('answers 200 and removes the deliveries: the record takes the subscription before the delivery, as the delete does', async () => {
    const created = await app.server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: auth(apiKey),
      payload: { url: receiver.url, eventTypes: ['contact.created'] },
    });
    expect(created.statusCode).toBe(200);
    const webhookId: number = created.json().id;
    await createContact(app, apiKey, { firstName: 'In flight' });
    await eventually(async () => (gate.reached ? true : undefined), 'the delivery being recorded');
    const deleted = app.server.inject({ method: 'DELETE', url: `/api/v1/webhooks/${webhookId}`, headers: auth(apiKey) });
    await eventually(async () => ((await lockWaiters()) >= 1 ? true : undefined), 'the delete waiting for the record');
    // The record goes on at once: in the old order (delivery, then subscription) both now wait
    // for each other and PostgreSQL ends the delete, which began waiting first, with a deadlock.
    gate.open();
    const response = await deleted;
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: webhookId });
    const { rows } = await app.database.pool.query('SELECT count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = $1', [
      webhookId,
    ]);
    expect(rows[0].n).toBe(0);
    expect(receiver.requests).toHaveLength(1);
  });
});
