import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { events } from '../events/events.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/** An endpoint that receives the workspace's events as signed HTTP POSTs. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    url: text('url').notNull(),
    description: text('description'),
    /** Patterns such as `contact.created`, `contact.*` or `*` (see events/event-types.ts). */
    eventTypes: text('event_types').array().notNull(),
    /**
     * The HMAC key deliveries are signed with. Kept readable because signing needs it; it is
     * shown to the user only when the subscription is created.
     */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledAt: time('disabled_at'),
    /** Why the subscription was disabled: by the user, or after failing for too long. */
    disabledReason: text('disabled_reason'),
    /** Failed attempts since the last success; reset by a success or by enabling again. */
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** First failure since the last success: the subscription is disabled once this is old enough. */
    failingSince: time('failing_since'),
    lastSuccessAt: time('last_success_at'),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    index('webhook_subscriptions_enabled_idx').on(table.workspaceId, table.enabled),
  ],
);

/** One event for one subscription: its attempts so far and what happened on the last one. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    subscriptionId: bigint('subscription_id', { mode: 'number' }).notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    /** pending (an attempt is scheduled), succeeded, or failed (retries exhausted or subscription disabled). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Retries stop once this is older than the retry window; a replay starts a new window. */
    retryWindowStartedAt: time('retry_window_started_at').notNull().defaultNow(),
    nextAttemptAt: time('next_attempt_at'),
    lastAttemptAt: time('last_attempt_at'),
    lastResponseStatus: integer('last_response_status'),
    /** The start of the receiver's answer, kept for debugging. */
    lastResponseBody: text('last_response_body'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    deliveredAt: time('delivered_at'),
    /**
     * When a worker took the pending attempt (its lease); cleared when the attempt is recorded.
     * A claim older than the lease is a dead worker's, and the sweep gives the attempt to another.
     */
    claimedAt: time('claimed_at'),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.subscriptionId],
      foreignColumns: [webhookSubscriptions.workspaceId, webhookSubscriptions.id],
      name: 'webhook_deliveries_subscription_fk',
    }).onDelete('cascade'),
    foreignKey({
      columns: [table.workspaceId, table.eventId],
      foreignColumns: [events.workspaceId, events.id],
      name: 'webhook_deliveries_event_fk',
    }).onDelete('cascade'),
    /** An event is delivered to a subscription once, however often the dispatcher sees it. */
    unique('webhook_deliveries_event_unique').on(table.workspaceId, table.subscriptionId, table.eventId),
    index('webhook_deliveries_subscription_idx').on(table.workspaceId, table.subscriptionId, table.id),
    /** For the sweep that finds pending deliveries whose job was lost. */
    index('webhook_deliveries_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`status = 'pending'`),
  ],
);
