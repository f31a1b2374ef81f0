import type { Database } from '../../db/client.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import type { PullResult } from '../events/event-pump.js';
import { matchesEventType } from '../events/event-types.js';
import { lockEventCursor, readEventsAfter, saveEventCursor, skipEventCursorToEnd, type StoredEvent } from '../events/events.repository.js';
import { insertDeliveries } from './deliveries.repository.js';
import { scheduleDeliveryJobs, wakeDeliveryWorkers } from './delivery-jobs.js';
import { findEnabledSubscriptions, noEnabledSubscriptions, type SubscriptionRow } from './subscriptions.repository.js';

const CURSOR = 'webhooks';
const BATCH_SIZE = 500;

/**
 * Turns committed events into deliveries: one per event and matching enabled subscription,
 * each with its first attempt scheduled, in the same transaction that moves the dispatcher's
 * cursor. A crash before commit redoes the batch; after it, nothing is lost or doubled.
 * Any number of processes may call this: the cursor row lock lets one work at a time.
 */
export class WebhookDispatcher {
  constructor(
    private readonly db: Database,
    private readonly queue: JobQueue,
    private readonly options: { timeoutMs: number },
  ) {}

  async dispatchBatch(): Promise<PullResult & { caughtUp?: boolean }> {
    let scheduled = 0;
    const result = await inJobTransaction(this.db, async (transaction) => {
      const cursor = await lockEventCursor(transaction.db, CURSOR);
      if (!cursor) return { eventIds: [], more: false };
      // Nobody to deliver to: jump past everything committed instead of reading it.
      if (await skipEventCursorToEnd(transaction.db, CURSOR, noEnabledSubscriptions)) return { eventIds: [], more: false, caughtUp: true };
      const events = await readEventsAfter(transaction.db, cursor, BATCH_SIZE);
      if (events.length === 0) return { eventIds: [], more: false };
      const subscriptions = await findEnabledSubscriptions(transaction.db, [...new Set(events.map((event) => event.workspaceId))]);
      const created = await insertDeliveries(transaction.db, deliveriesFor(events, subscriptions));
      await scheduleDeliveryJobs(
        this.queue,
        transaction,
        created.map(({ workspaceId, id }) => ({ job: { workspaceId, deliveryId: id, attempt: 1 } })),
        this.options.timeoutMs,
      );
      await saveEventCursor(transaction.db, CURSOR, events[events.length - 1]!.position);
      scheduled = created.length;
      return { eventIds: events.map((event) => event.id), more: events.length === BATCH_SIZE };
    });
    if (scheduled > 0) wakeDeliveryWorkers(this.queue);
    return result;
  }
}

/** A subscription receives the events of changes made after it was created. */
function deliveriesFor(events: StoredEvent[], subscriptions: SubscriptionRow[]) {
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
