import { waitUntil } from '../helpers/wait.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundSendJob } from '../../src/modules/messages/outbound-send-jobs.js';
import { SYSTEM_ACTOR } from '../../src/shared/actor.js';
import { createChannel } from '../chats/factories.js';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Durable sends (issue 8, item 3) in one process: the send's job is stored with the message,
 * and whoever claims the message first (the request, its job, the sweep) is the only one to
 * hand it to the provider. The process killed mid-send is test/platform/faults-outbound-send.test.ts.
 */
let app: TestApp;
let graph: FakeGraphApi;
let apiKey: string;
const FROM = '+15550007777';
const CLAIM_SECONDS = 60;

beforeAll(async () => {
  graph = await startFakeGraphApi();
  app = await buildTestApp({ WHATSAPP_API_BASE_URL: graph.url, OUTBOUND_SEND_CLAIM_SECONDS: CLAIM_SECONDS });
  ({ apiKey } = await app.newWorkspace('Durable'));
  await createChannel(app, apiKey, {
    type: 'whatsapp',
    name: 'Durable WhatsApp',
    settings: { phoneNumber: FROM, phoneNumberId: '706540352242922', accessToken: 'durable-token', appSecret: 's', verifyToken: 'v' },
  });
});
afterAll(() => graph.close());

const query = async (text: string, values: unknown[] = []) => (await app.database.pool.query(text, values)).rows;
const sendTemplate = (to: string) =>
  app.server.inject({
    method: 'POST',
    url: '/api/v1/messages/template',
    headers: auth(apiKey),
    payload: { fromPhoneNumber: FROM, toPhoneNumber: to, templateName: 'hello_world', languageCode: 'en' },
  });
/** Calls that reached the fake Graph API for one recipient (written there without its "+"), and those it answered with success. */
const callsTo = (to: string) =>
  graph.requests.filter((request) => request.path.endsWith('/messages') && request.json?.to === to.replace('+', '')).length;
const sentTo = (to: string) =>
  graph.succeeded.filter((request) => request.path.endsWith('/messages') && request.json?.to === to.replace('+', '')).length;

async function stored(uuid: string) {
  const [row] = await query(
    `SELECT m.id, m.workspace_id, w.uuid AS workspace_uuid, m.status, m.provider_id, m.send_claimed_at
       FROM messages m JOIN workspaces w ON w.id = m.workspace_id WHERE m.uuid = $1`,
    [uuid],
  );
  const job: OutboundSendJob = { workspaceId: Number(row.workspace_id), workspaceUuid: row.workspace_uuid, messageId: Number(row.id) };
  return { row, job, tenant: { workspaceId: job.workspaceId, workspaceUuid: job.workspaceUuid, actor: SYSTEM_ACTOR } };
}

describe('durable outbound sends', () => {
  it('stores the send job with the message, runs the send in the request, and leaves the job nothing to do', async () => {
    const response = await sendTemplate('+14155550301');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'sent', providerId: expect.stringMatching(/^wamid\./) });
    const { row, job } = await stored(response.json().id);
    const jobs = await query(
      `SELECT state, start_after > now() + interval '${CLAIM_SECONDS - 10} seconds' AS later FROM pgboss.job
        WHERE name = 'outbound-send' AND (data->>'messageId')::bigint = $1`,
      [row.id],
    );
    expect(jobs).toEqual([{ state: 'created', later: true }]);
    await app.services.outboundSends.runJob(job);
    expect(sentTo('+14155550301')).toBe(1);
    expect(callsTo('+14155550301')).toBe(1);
  });

  it('sends a message left pending once, however many senders race for it', async () => {
    const to = '+14155550302';
    const { row, job, tenant } = await stored((await sendTemplate(to)).json().id);
    // As a crash between the commit and the provider call leaves it: pending, unclaimed, old.
    await query(
      `UPDATE messages SET status = 'pending', provider_id = NULL, send_claimed_at = NULL, created_at = now() - interval '1 hour' WHERE id = $1`,
      [row.id],
    );
    const sends = app.services.outboundSends;
    const results = await Promise.allSettled([
      sends.send(tenant, job.messageId),
      sends.send(tenant, job.messageId),
      sends.runJob(job),
      sends.runJob(job),
      sends.sweep(),
    ]);
    expect(results.filter((result) => result.status === 'rejected').length).toBeLessThanOrEqual(2); // jobs that met a fresh claim
    expect(callsTo(to)).toBe(2); // the first send, and exactly one of the racers
    await waitUntil(() => sentTo(to) === 2, 'the resend is answered', { everyMs: 5 });
    expect((await stored((await query('SELECT uuid FROM messages WHERE id = $1', [row.id]))[0].uuid)).row.status).toBe('sent');
    expect(await sends.sweep()).toBe(0);
  });

  it('leaves a message another sender is sending to it, and takes it over once that claim is stale', async () => {
    const to = '+14155550303';
    graph.holdNext();
    const request = sendTemplate(to);
    await waitUntil(() => callsTo(to) === 1, 'the request calls the provider', { everyMs: 5 });
    const [{ uuid }] = await query(`SELECT uuid FROM messages WHERE recipient->>'address' = $1`, [to]);
    const { row, job, tenant } = await stored(uuid);
    expect(row).toMatchObject({ status: 'pending', send_claimed_at: expect.any(Date) });
    // The job and the sweep meet the request's claim: no second call while it holds the message.
    await expect(app.services.outboundSends.runJob(job)).rejects.toThrow(/held by another sender/);
    expect(await app.services.outboundSends.sweep()).toBe(0);
    expect((await app.services.outboundSends.send(tenant, job.messageId)).status).toBe('pending');
    expect(callsTo(to)).toBe(1);
    graph.releaseHeld();
    expect((await request).json()).toMatchObject({ status: 'sent' });
    await app.services.outboundSends.runJob(job);
    expect(callsTo(to)).toBe(1);

    // A claim older than the claim timeout is a sender that died: the message is sent again.
    await query(`UPDATE messages SET status = 'pending', send_claimed_at = now() - interval '${CLAIM_SECONDS + 1} seconds' WHERE id = $1`, [
      row.id,
    ]);
    await app.services.outboundSends.runJob(job);
    expect(callsTo(to)).toBe(2);
    expect(sentTo(to)).toBe(2);
  });
});
