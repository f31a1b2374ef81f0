import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/modules/webhooks/delivery-jobs.js';
import { rescheduleOverdueDeliveries } from '../../src/modules/webhooks/overdue-deliveries.js';
import { createContact } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';
import { eventually, startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

let app: TestApp;
let receiver: WebhookReceiver;
/** Per URL path: how many requests to fail before answering 200 (Infinity: always fail). */
const failFirst = new Map<string, number>();

beforeAll(async () => {
  // Short retry delays; the retry window and the disabling rule keep their defaults (72 hours, 10 failures).
  app = await buildTestApp({ WEBHOOK_RETRY_BASE_SECONDS: 0.1, WEBHOOK_RETRY_MAX_SECONDS: 0.2 });
  receiver = await startWebhookReceiver();
  const seen = new Map<string, number>();
  receiver.status = ({ json }) => {
    const key = `${json.workspaceId}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count <= (failFirst.get(key) ?? 0) ? 503 : 200;
  };
  await app.background.start();
});
afterAll(() => receiver.stop());

async function setUp(fail: number) {
  const { apiKey } = await app.newWorkspace();
  const response = await app.server.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: auth(apiKey),
    payload: { url: receiver.url, eventTypes: ['*'] },
  });
  const webhook = response.json() as { id: number };
  const contact = await createContact(app, apiKey, { firstName: 'Retry' });
  failFirst.set(contact.tenantId, fail);
  const deliveries = (query = '') =>
    app.server
      .inject({ method: 'GET', url: `/api/v1/webhooks/${webhook.id}/deliveries${query}`, headers: auth(apiKey) })
      .then((answer) => answer.json());
  const webhookNow = () =>
    app.server.inject({ method: 'GET', url: `/api/v1/webhooks/${webhook.id}`, headers: auth(apiKey) }).then((answer) => answer.json());
  const requests = () => receiver.requests.filter((seen) => seen.json.workspaceId === contact.tenantId && seen.path === '/hooks');
  return { apiKey, webhook, contact, deliveries, webhookNow, requests };
}

describe('failed deliveries', () => {
  it('are retried until they succeed, with the same event id and body every time', async () => {
    const { deliveries, requests } = await setUp(2);
    const [delivery] = await eventually(async () => {
      const { items } = await deliveries();
      return items[0]?.status === 'succeeded' ? items : undefined;
    }, 'a successful delivery');
    expect(delivery).toMatchObject({ attempts: 3, lastResponseStatus: 200, lastError: null });
    const sent = requests();
    expect(sent.map((seen) => seen.answeredWith)).toEqual([503, 503, 200]);
    expect(sent.map((seen) => seen.headers['switchboard-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(new Set(sent.map((seen) => seen.headers['switchboard-event-id']))).toEqual(new Set([delivery.eventId]));
    expect(new Set(sent.map((seen) => seen.body)).size).toBe(1);
  });

  it('record the last failure and when the next attempt is due', async () => {
    const { deliveries } = await setUp(Infinity);
    const [delivery] = await eventually(async () => {
      const { items } = await deliveries();
      return items[0]?.attempts >= 1 ? items : undefined;
    }, 'a failed attempt');
    expect(delivery).toMatchObject({
      status: 'pending',
      lastResponseStatus: 503,
      lastError: 'the receiver answered 503',
      lastResponseBody: 'not now',
      nextAttemptAt: expect.any(String),
    });
  });

  it('stop once the retry window (72 hours by default) has passed', async () => {
    const { deliveries, webhook } = await setUp(Infinity);
    await eventually(async () => ((await deliveries()).items[0]?.attempts >= 1 ? true : undefined), 'a failed attempt');
    // As if the first attempt had been made 73 hours ago.
    await app.database.db.execute(
      sql`UPDATE webhook_deliveries SET retry_window_started_at = now() - interval '73 hours' WHERE subscription_id = ${webhook.id}`,
    );
    const [delivery] = await eventually(async () => {
      const { items } = await deliveries();
      return items[0]?.status === 'failed' ? items : undefined;
    }, 'the delivery to give up');
    expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null, lastResponseStatus: 503 });
  });
});

describe('a webhook that keeps failing', () => {
  it('is disabled after 72 hours and 10 failures with no success, and can be enabled and replayed', async () => {
    const { apiKey, webhook, deliveries, webhookNow, requests, contact } = await setUp(Infinity);
    await eventually(async () => ((await webhookNow()).consecutiveFailures >= 1 ? true : undefined), 'a failure');
    // As if it had been failing for 73 hours, 9 times.
    await app.database.db.execute(
      sql`UPDATE webhook_subscriptions SET failing_since = now() - interval '73 hours', consecutive_failures = 9 WHERE id = ${webhook.id}`,
    );
    const disabled = await eventually(async () => {
      const current = await webhookNow();
      return current.enabled ? undefined : current;
    }, 'the webhook to be disabled');
    expect(disabled).toMatchObject({
      enabled: false,
      disabledAt: expect.any(String),
      disabledReason: expect.stringContaining('failed attempts'),
    });
    expect((await deliveries()).items[0]).toMatchObject({ status: 'failed', nextAttemptAt: null });

    // Nothing new is queued for a disabled webhook: once a second webhook has the next event, the first still has one delivery.
    const witness = await app.server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: auth(apiKey),
      payload: { url: receiver.url.replace('/hooks', '/witness'), eventTypes: ['*'] },
    });
    await createContact(app, apiKey, { firstName: 'Ignored' });
    await eventually(async () => {
      const answer = await app.server.inject({
        method: 'GET',
        url: `/api/v1/webhooks/${witness.json().id}/deliveries`,
        headers: auth(apiKey),
      });
      return answer.json().totalCount === 1 ? true : undefined;
    }, 'the witness delivery');
    expect((await deliveries()).totalCount).toBe(1);
    const replayWhileDisabled = await app.server.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/deliveries/${(await deliveries()).items[0].id}/replay`,
      headers: auth(apiKey),
    });
    expect(replayWhileDisabled.statusCode).toBe(409);
    expect(replayWhileDisabled.json()).toMatchObject({ error: 'CONFLICT' });

    failFirst.set(contact.tenantId, 0);
    const enabled = await app.server.inject({
      method: 'PUT',
      url: `/api/v1/webhooks/${webhook.id}`,
      headers: auth(apiKey),
      payload: { enabled: true },
    });
    expect(enabled.json()).toMatchObject({ enabled: true, consecutiveFailures: 0, failingSince: null, disabledReason: null });
    const [failed] = (await deliveries()).items;
    const replay = await app.server.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/deliveries/${failed.id}/replay`,
      headers: auth(apiKey),
    });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ id: failed.id, status: 'pending' });
    const delivered = await eventually(async () => {
      const [item] = (await deliveries()).items;
      return item.status === 'succeeded' ? item : undefined;
    }, 'the replay to succeed');
    expect(delivered.eventId).toBe(failed.eventId);
    expect(requests().at(-1)!.headers['switchboard-event-id']).toBe(failed.eventId);
  });
});

describe('replaying a delivery', () => {
  it('sends the same event again, with the same id and body', async () => {
    const { apiKey, webhook, deliveries, requests } = await setUp(0);
    const [delivery] = await eventually(async () => {
      const { items } = await deliveries();
      return items[0]?.status === 'succeeded' ? items : undefined;
    }, 'the first delivery');
    const replay = await app.server.inject({
      method: 'POST',
      url: `/api/v1/webhooks/${webhook.id}/deliveries/${delivery.id}/replay`,
      headers: auth(apiKey),
    });
    expect(replay.statusCode).toBe(202);
    await eventually(async () => (requests().length >= 2 ? true : undefined), 'the replayed request');
    const [first, again] = requests();
    expect(again!.body).toBe(first!.body);
    expect(again!.headers['switchboard-event-id']).toBe(delivery.eventId);
    const after = await eventually(async () => {
      const [item] = (await deliveries()).items;
      return item.status === 'succeeded' && item.attempts === 2 ? item : undefined;
    }, 'the replay to be recorded');
    expect(after.id).toBe(delivery.id);
    expect(
      (await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/${webhook.id}/deliveries/999999/replay`, headers: auth(apiKey) }))
        .statusCode,
    ).toBe(404);
  });
});

describe('a pending delivery whose job was lost', () => {
  it('is given a new job by the overdue sweep', async () => {
    const { webhook, deliveries, requests } = await setUp(0);
    const [delivered] = await eventually(async () => {
      const { items } = await deliveries();
      return items[0]?.status === 'succeeded' ? items : undefined;
    }, 'the first delivery');
    // As if a retry had been due 20 minutes ago and its job had run out of pg-boss retries.
    await app.database.db.execute(
      sql`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now() - interval '20 minutes' WHERE subscription_id = ${webhook.id}`,
    );
    expect(await rescheduleOverdueDeliveries(app.database.db, app.services.jobs, { timeoutMs: 10_000 })).toBeGreaterThanOrEqual(1);
    const again = await eventually(async () => {
      const [item] = (await deliveries()).items;
      return item.status === 'succeeded' && item.attempts === 2 ? item : undefined;
    }, 'the rescheduled attempt');
    expect(again.eventId).toBe(delivered.eventId);
    expect(requests().map((seen) => seen.headers['switchboard-delivery-attempt'])).toEqual(['1', '2']);
  });
});

describe('retry delays', () => {
  const options = { retryBaseMs: 30_000, retryMaxMs: 3_600_000 };

  it('double from the base up to the cap, with up to half taken off at random', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, options, () => 1))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(1, options, () => 0)).toBe(15_000);
    expect(retryDelayMs(20, options, () => 1)).toBe(3_600_000);
  });

  it('keep a delivery retried for the whole window: at most an hour apart', () => {
    let elapsed = 0;
    let attempts = 0;
    while (elapsed < 72 * 3_600_000) elapsed += retryDelayMs(++attempts, options, () => 1);
    expect(attempts).toBeGreaterThan(70);
  });
});
