import { defineConsumer, type ConsumedEvent } from '../events/consumers.js';
import { matchesEventType } from '../events/event-types.js';
import { insertDeliveries } from './deliveries.repository.js';
import { scheduleDeliveryJobs, wakeDeliveryWorkers } from './delivery-jobs.js';
import { findEnabledSubscriptions, noEnabledSubscriptions, type SubscriptionRow } from './subscriptions.repository.js';
import { webhookOptionsOf } from '../../jobs/platform-services.js';

/**
 * The first outbox consumer: turns committed events into deliveries, one per event and
 * matching enabled subscription, each with its first attempt scheduled, in the same
 * transaction that moves its cursor. A crash before commit redoes the batch; after it,
 * nothing is lost or doubled.
 */
export const webhookDispatchConsumer = defineConsumer({
  // The cursor row the dispatcher has always used: an upgrade continues where it stopped.
  name: 'webhooks',
  types: '*',
  // Nobody to deliver to: jump past everything committed instead of reading it.
  idleWhen: noEnabledSubscriptions,
  async handle(events, { transaction, services, config, afterCommit }) {
    const subscriptions = await findEnabledSubscriptions(transaction.db, [...new Set(events.map((event) => event.workspaceId))]);
    const created = await insertDeliveries(transaction.db, deliveriesFor(events, subscriptions));
    await scheduleDeliveryJobs(
      services.jobs,
      transaction,
      created.map(({ workspaceId, id }) => ({ job: { workspaceId, deliveryId: id, attempt: 1 } })),
      webhookOptionsOf(config).timeoutMs,
    );
    if (created.length > 0) afterCommit(() => wakeDeliveryWorkers(services.jobs));
  },
});

/** A subscription receives the events of changes made after it was created. */
function deliveriesFor(events: ConsumedEvent[], subscriptions: SubscriptionRow[]) {
  return events.flatMap((event) =>
    subscriptions
      .filter(
        (subscription) =>
          subscription.workspaceId === event.workspaceId &&
          subscription.createdAt <= event.createdAt &&
          matchesEventType(subscription.eventTypes, event.type),
      )
      .map((subscription) => ({ workspaceId: event.workspaceId, subscriptionId: subscription.id, eventId: event.id })),
  );
}
