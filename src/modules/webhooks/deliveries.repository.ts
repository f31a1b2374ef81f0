import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  filtersCondition,
  orderPlan,
  selectPage,
  sortableField,
  filterOnlyField,
  type FieldSpec,
  type PageRows,
} from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { events } from '../events/events.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { webhookDeliveries, webhookSubscriptions } from './webhooks.table.js';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type DeliveryValues = Partial<Omit<typeof webhookDeliveries.$inferInsert, 'workspaceId' | 'id'>>;

const byId = (workspaceId: number, id: number) => and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id));

const INSERT_CHUNK = 5_000;

/** Creates the deliveries not made yet; returns the new ones (the dispatcher may see an event twice). */
export async function insertDeliveries(
  db: Executor,
  deliveries: { workspaceId: number; subscriptionId: number; eventId: number }[],
): Promise<{ workspaceId: number; id: number }[]> {
  const created: { workspaceId: number; id: number }[] = [];
  // Three parameters a row, and PostgreSQL takes at most 65,535 in one statement.
  for (let start = 0; start < deliveries.length; start += INSERT_CHUNK) {
    const rows = await db
      .insert(webhookDeliveries)
      .values(deliveries.slice(start, start + INSERT_CHUNK).map((delivery) => ({ ...delivery, nextAttemptAt: sql`now()` })))
      .onConflictDoNothing()
      .returning({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id });
    created.push(...rows);
  }
  return created;
}

export async function findDeliveryRow(
  db: Executor,
  workspaceId: number,
  subscriptionId: number,
  id: number,
  lock = false,
): Promise<DeliveryRow | undefined> {
  const query = db
    .select()
    .from(webhookDeliveries)
    .where(and(byId(workspaceId, id), eq(webhookDeliveries.subscriptionId, subscriptionId)));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/** A delivery with everything an attempt needs: the subscription's URL and secret, and the event. */
export async function findDeliveryToAttempt(db: Executor, workspaceId: number, id: number) {
  const [row] = await db
    .select({
      delivery: webhookDeliveries,
      subscription: {
        id: webhookSubscriptions.id,
        url: webhookSubscriptions.url,
        secret: webhookSubscriptions.secret,
        enabled: webhookSubscriptions.enabled,
      },
      event: {
        id: events.id,
        uuid: events.uuid,
        type: events.type,
        data: events.data,
        actorKind: events.actorKind,
        actorId: events.actorId,
        createdAt: events.createdAt,
      },
      workspaceUuid: workspaces.uuid,
    })
    .from(webhookDeliveries)
    .innerJoin(
      webhookSubscriptions,
      and(
        eq(webhookSubscriptions.workspaceId, webhookDeliveries.workspaceId),
        eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId),
      ),
    )
    .innerJoin(events, and(eq(events.workspaceId, webhookDeliveries.workspaceId), eq(events.id, webhookDeliveries.eventId)))
    .innerJoin(workspaces, eq(workspaces.id, webhookDeliveries.workspaceId))
    .where(byId(workspaceId, id));
  return row;
}

export async function updateDeliveryRow(db: Executor, workspaceId: number, id: number, values: DeliveryValues): Promise<DeliveryRow> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ ...values, updatedAt: sql`now()` })
    .where(byId(workspaceId, id))
    .returning();
  return row!;
}

/** Ends the pending deliveries of a subscription that was disabled; they can be replayed once it is enabled. */
export async function failPendingDeliveries(db: Executor, workspaceId: number, subscriptionId: number, reason: string): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({ status: 'failed', nextAttemptAt: null, lastError: reason, updatedAt: sql`now()` })
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.subscriptionId, subscriptionId),
        eq(webhookDeliveries.status, 'pending'),
      ),
    );
}

const eventType = sql`(SELECT ${events.type} FROM ${events} WHERE ${events.workspaceId} = ${webhookDeliveries.workspaceId} AND ${events.id} = ${webhookDeliveries.eventId})`;

export const deliveryFields: Record<string, FieldSpec> = {
  id: sortableField(webhookDeliveries.id, 'number'),
  status: sortableField(webhookDeliveries.status, 'text'),
  eventType: { expression: eventType, type: 'text' },
  attempts: sortableField(webhookDeliveries.attempts, 'number'),
  lastResponseStatus: filterOnlyField(webhookDeliveries.lastResponseStatus, 'number'),
  createdAt: sortableField(webhookDeliveries.createdAt, 'date'),
  updatedAt: sortableField(webhookDeliveries.updatedAt, 'date'),
};

export async function findDeliveryRows(
  db: Executor,
  workspaceId: number,
  subscriptionId: number,
  query: ListQuery,
): Promise<PageRows<DeliveryRow>> {
  const resolve = (field: string) => (Object.hasOwn(deliveryFields, field) ? deliveryFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${webhookDeliveries.id}`, { field: 'id', direction: 'desc' }, query.sortSource);
  return selectPage(db, webhookDeliveries, {
    conditions: [
      eq(webhookDeliveries.workspaceId, workspaceId),
      eq(webhookDeliveries.subscriptionId, subscriptionId),
      await filtersCondition(query.filters, resolve),
    ],
    plan,
    query,
    workspaceId,
  });
}

/** The events of the given deliveries: their public ids and types. */
export async function findEventsOf(
  db: Executor,
  workspaceId: number,
  eventIds: number[],
): Promise<Map<number, { uuid: string; type: string }>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ id: events.id, uuid: events.uuid, type: events.type })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), inArray(events.id, eventIds)));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Pending deliveries whose attempt is overdue by more than `graceMs`, across workspaces (a
 * system sweep): their job was lost, e.g. it ran out of pg-boss retries while the database
 * was down. Marks them due now, so the next sweep leaves them alone for another grace period.
 */
/**
 * Takes the pending attempt `attempt` of a delivery for this worker, unless a live worker holds
 * it (a claim younger than `leaseMs`) or it was made already. False: leave it alone.
 */
export async function claimDeliveryAttempt(
  db: Executor,
  workspaceId: number,
  id: number,
  attempt: number,
  leaseMs: number,
): Promise<boolean> {
  const claimed = await db.execute(sql`
    UPDATE ${webhookDeliveries} SET claimed_at = now()
    WHERE workspace_id = ${workspaceId} AND id = ${id} AND status = 'pending' AND attempts = ${attempt - 1}
      AND (claimed_at IS NULL OR claimed_at < now() - ${leaseMs} * interval '1 millisecond')
    RETURNING 1`);
  return claimed.rows.length > 0;
}

/**
 * Pending deliveries to give a new job: those whose worker died during the attempt (a claim
 * older than `leaseMs`) and those whose job was lost (never claimed, overdue by `graceMs`).
 * Their claim is dropped and they are due now.
 */
export async function claimOverdueDeliveries(
  db: Executor,
  graceMs: number,
  limit: number,
  leaseMs = graceMs,
): Promise<{ workspaceId: number; id: number; attempts: number }[]> {
  const overdue = db
    .select({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, 'pending'),
        sql`(${webhookDeliveries.claimedAt} < now() - ${leaseMs} * interval '1 millisecond'
          OR (${webhookDeliveries.claimedAt} IS NULL AND ${webhookDeliveries.nextAttemptAt} < now() - ${graceMs} * interval '1 millisecond'))`,
      ),
    )
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  return db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: sql`now()`, claimedAt: null, updatedAt: sql`now()` })
    .where(sql`(${webhookDeliveries.workspaceId}, ${webhookDeliveries.id}) IN (${overdue})`)
    .returning({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id, attempts: webhookDeliveries.attempts });
}
