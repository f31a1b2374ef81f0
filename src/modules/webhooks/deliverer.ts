import type { Database } from '../../db/client.js';
import { inJobTransaction, type JobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { toEventEnvelope } from '../events/event-envelope.js';
import {
  claimDeliveryAttempt,
  failPendingDeliveries,
  findDeliveryRow,
  findDeliveryToAttempt,
  updateDeliveryRow,
} from './deliveries.repository.js';
import { retryDelayMs, scheduleDeliveryJobs, type DeliveryJob } from './delivery-jobs.js';
import { sendWebhook, type WebhookResponse } from './sender.js';
import { SIGNATURE_HEADER, signWebhook, standardWebhookHeaders } from './signature.js';
import {
  lockSubscriptionRow,
  recordSubscriptionFailure,
  recordSubscriptionSuccess,
  updateSubscriptionRow,
} from './subscriptions.repository.js';
import type { WebhookOptions } from './webhooks.schemas.js';

const USER_AGENT = 'Switchboard-Webhooks/1.0';
/** Beyond the HTTP timeout, the time a live worker may take to record its attempt. */
const LEASE_MARGIN_MS = 15_000;

/** How long a worker holds a delivery attempt: a claim older than this is a dead worker's. */
export function deliveryLeaseMs(options: { timeoutMs: number }): number {
  return options.timeoutMs + LEASE_MARGIN_MS;
}

/** Makes one delivery attempt per job and records what happened, scheduling the next one on failure. */
export class WebhookDeliverer {
  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly options: WebhookOptions,
  ) {}

  async attempt(job: DeliveryJob): Promise<void> {
    const found = await findDeliveryToAttempt(this.db, job.workspaceId, job.deliveryId);
    // Deleted with its subscription, already delivered, or a stale job: nothing to do.
    if (!found || found.delivery.status !== 'pending' || found.delivery.attempts + 1 !== job.attempt) return;
    const { delivery, subscription, event } = found;
    if (!subscription.enabled) {
      await failPendingDeliveries(this.db, job.workspaceId, subscription.id, 'The webhook was disabled before this delivery succeeded');
      return;
    }
    // One worker makes an attempt: a dead worker's claim expires and the sweep hands it on.
    if (!(await claimDeliveryAttempt(this.db, job.workspaceId, job.deliveryId, job.attempt, deliveryLeaseMs(this.options)))) return;
    // The same bytes on every attempt: only the signature's timestamp changes.
    const actor = { kind: event.actorKind, id: event.actorId };
    const body = JSON.stringify(toEventEnvelope({ ...event, actor, workspaceUuid: found.workspaceUuid }));
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await sendWebhook({
      url: subscription.url,
      body,
      timeoutMs: this.options.timeoutMs,
      allowPrivate: this.options.allowPrivateUrls,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'switchboard-event-id': event.uuid,
        'switchboard-event-type': event.type,
        'switchboard-delivery-id': String(delivery.id),
        'switchboard-delivery-attempt': String(job.attempt),
        [SIGNATURE_HEADER.toLowerCase()]: signWebhook(subscription.secret, timestamp, body),
        ...standardWebhookHeaders(subscription.secret, `msg_${event.uuid}`, timestamp, body),
      },
    });
    await inJobTransaction(this.db, (transaction) => this.record(transaction, job, subscription.id, response));
  }

  /** Records the attempt, and schedules the next one when it failed and retries are left. */
  private async record(transaction: JobTransaction, job: DeliveryJob, subscriptionId: number, response: WebhookResponse): Promise<void> {
    const { db } = transaction;
    const { workspaceId, deliveryId } = job;
    // The subscription before its delivery, in the order a delete of the subscription takes
    // them (it cascades to the deliveries): the other order deadlocks with that delete.
    if (!(await lockSubscriptionRow(db, workspaceId, subscriptionId))) return;
    const current = await findDeliveryRow(db, workspaceId, subscriptionId, deliveryId, true);
    // Another run of this attempt (a replay racing it) recorded first.
    if (!current || current.attempts + 1 !== job.attempt) return;
    const now = new Date();
    const outcome = {
      attempts: job.attempt,
      claimedAt: null,
      lastAttemptAt: now,
      lastResponseStatus: response.status ?? null,
      lastResponseBody: response.body ?? null,
      lastError: response.error ?? null,
      lastDurationMs: response.durationMs,
    };
    if (response.ok) {
      await updateDeliveryRow(db, workspaceId, deliveryId, { ...outcome, status: 'succeeded', deliveredAt: now, nextAttemptAt: null });
      await recordSubscriptionSuccess(db, workspaceId, subscriptionId);
      return;
    }
    const streak = await recordSubscriptionFailure(db, workspaceId, subscriptionId);
    if (streak && this.shouldDisable(streak, now)) {
      const reason = `Disabled after ${streak.consecutiveFailures} failed attempts since ${streak.failingSince.toISOString()} with no success`;
      await updateSubscriptionRow(db, workspaceId, subscriptionId, { enabled: false, disabledAt: now, disabledReason: reason });
      await updateDeliveryRow(db, workspaceId, deliveryId, { ...outcome, status: 'failed', nextAttemptAt: null });
      await failPendingDeliveries(db, workspaceId, subscriptionId, 'The webhook was disabled before this delivery succeeded');
      return;
    }
    if (now.getTime() - current.retryWindowStartedAt.getTime() >= this.options.retryWindowMs) {
      await updateDeliveryRow(db, workspaceId, deliveryId, { ...outcome, status: 'failed', nextAttemptAt: null });
      return;
    }
    const delayMs = retryDelayMs(job.attempt, this.options);
    await updateDeliveryRow(db, workspaceId, deliveryId, { ...outcome, nextAttemptAt: new Date(now.getTime() + delayMs) });
    await scheduleDeliveryJobs(this.queue, transaction, [{ job: { ...job, attempt: job.attempt + 1 }, delayMs }], this.options.timeoutMs);
  }

  private shouldDisable(streak: { consecutiveFailures: number; failingSince: Date; enabled: boolean }, now: Date): boolean {
    return (
      streak.enabled &&
      streak.consecutiveFailures >= this.options.disableAfterFailures &&
      now.getTime() - streak.failingSince.getTime() >= this.options.disableAfterMs
    );
  }
}
