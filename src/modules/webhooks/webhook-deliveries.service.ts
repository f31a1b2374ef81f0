import type { Database, Executor } from '../../db/client.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './deliveries.repository.js';
import { scheduleDeliveryJobs, wakeDeliveryWorkers } from './delivery-jobs.js';
import { findSubscriptionRow } from './subscriptions.repository.js';
import type { DeliveryStatus, WebhookDelivery, WebhookOptions } from './webhooks.schemas.js';

async function withEvents(db: Executor, workspaceId: number, rows: repository.DeliveryRow[]): Promise<WebhookDelivery[]> {
  const events = await repository.findEventsOf(db, workspaceId, [...new Set(rows.map((row) => row.eventId))]);
  return rows.map(({ workspaceId: _workspaceId, retryWindowStartedAt: _window, eventId, status, ...row }) => {
    const event = events.get(eventId);
    return { ...row, status: status as DeliveryStatus, eventId: event?.uuid ?? '', eventType: event?.type ?? '' };
  });
}

/** The delivery log of a subscription, and replays from it. */
export class WebhookDeliveriesService {
  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly options: Pick<WebhookOptions, 'timeoutMs'>,
  ) {}

  async findDeliveries(tenant: Tenant, subscriptionId: number, query: ListQuery): Promise<Page<WebhookDelivery>> {
    await this.requireSubscription(this.db, tenant, subscriptionId);
    const page = await repository.findDeliveryRows(this.db, tenant.workspaceId, subscriptionId, query);
    return {
      items: await withEvents(this.db, tenant.workspaceId, page.rows),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }

  async getDeliveryById(tenant: Tenant, subscriptionId: number, id: number): Promise<WebhookDelivery> {
    await this.requireSubscription(this.db, tenant, subscriptionId);
    const row = await repository.findDeliveryRow(this.db, tenant.workspaceId, subscriptionId, id);
    if (!row) throw notFound('delivery', id);
    const [delivery] = await withEvents(this.db, tenant.workspaceId, [row]);
    return delivery!;
  }

  /**
   * Sends the delivery's event again, now, under the same event id, and retries it like a new
   * delivery if that fails. The subscription must be enabled.
   */
  async replayDelivery(tenant: Tenant, subscriptionId: number, id: number): Promise<WebhookDelivery> {
    const { workspaceId } = tenant;
    const row = await inJobTransaction(this.db, async (transaction) => {
      const subscription = await this.requireSubscription(transaction.db, tenant, subscriptionId);
      if (!subscription.enabled) {
        throw new AppError('CONFLICT', `webhook ${subscriptionId} is disabled; enable it before replaying its deliveries`, {
          field: 'enabled',
        });
      }
      const current = await repository.findDeliveryRow(transaction.db, workspaceId, subscriptionId, id, true);
      if (!current) throw notFound('delivery', id);
      const updated = await repository.updateDeliveryRow(transaction.db, workspaceId, id, {
        status: 'pending',
        retryWindowStartedAt: new Date(),
        nextAttemptAt: new Date(),
        deliveredAt: null,
      });
      await scheduleDeliveryJobs(
        this.queue,
        transaction,
        [{ job: { workspaceId, deliveryId: id, attempt: current.attempts + 1 } }],
        this.options.timeoutMs,
      );
      return updated;
    });
    wakeDeliveryWorkers(this.queue);
    const [delivery] = await withEvents(this.db, workspaceId, [row]);
    return delivery!;
  }

  private async requireSubscription(db: Executor, tenant: Tenant, subscriptionId: number) {
    const subscription = await findSubscriptionRow(db, tenant.workspaceId, subscriptionId);
    if (!subscription) throw notFound('webhook', subscriptionId);
    return subscription;
  }
}
