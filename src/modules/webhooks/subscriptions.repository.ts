import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, sortableField, textField, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { webhookSubscriptions } from './webhooks.table.js';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type SubscriptionValues = Omit<typeof webhookSubscriptions.$inferInsert, 'workspaceId' | 'id'>;

const byId = (workspaceId: number, id: number) => and(eq(webhookSubscriptions.workspaceId, workspaceId), eq(webhookSubscriptions.id, id));

export async function insertSubscription(db: Executor, workspaceId: number, values: SubscriptionValues): Promise<SubscriptionRow> {
  const [row] = await db
    .insert(webhookSubscriptions)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

export async function findSubscriptionRow(
  db: Executor,
  workspaceId: number,
  id: number,
  lock = false,
): Promise<SubscriptionRow | undefined> {
  const query = db.select().from(webhookSubscriptions).where(byId(workspaceId, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

/**
 * Locks the subscription for an update of its counters (FOR NO KEY UPDATE: new deliveries may
 * still reference it); false when it was deleted. A writer that changes a subscription and its
 * deliveries takes the subscription first, as a delete (which cascades to the deliveries) does.
 */
export async function lockSubscriptionRow(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const rows = await db
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(byId(workspaceId, id))
    .for('no key update');
  return rows.length > 0;
}

export async function updateSubscriptionRow(
  db: Executor,
  workspaceId: number,
  id: number,
  values: Partial<SubscriptionValues>,
): Promise<SubscriptionRow> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({ ...values, updatedAt: sql`now()` })
    .where(byId(workspaceId, id))
    .returning();
  return row!;
}

export async function deleteSubscriptionRow(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db.delete(webhookSubscriptions).where(byId(workspaceId, id));
}

export const subscriptionFields: Record<string, FieldSpec> = {
  id: sortableField(webhookSubscriptions.id, 'number'),
  url: sortableField(webhookSubscriptions.url, 'text'),
  description: textField(webhookSubscriptions.description),
  enabled: sortableField(webhookSubscriptions.enabled, 'boolean'),
  createdAt: sortableField(webhookSubscriptions.createdAt, 'date'),
  updatedAt: sortableField(webhookSubscriptions.updatedAt, 'date'),
};

export async function findSubscriptionRows(db: Executor, workspaceId: number, query: ListQuery): Promise<PageRows<SubscriptionRow>> {
  const resolve = (field: string) => (Object.hasOwn(subscriptionFields, field) ? subscriptionFields[field] : undefined);
  const plan = await orderPlan(
    query.sort,
    resolve,
    sql`${webhookSubscriptions.id}`,
    { field: 'createdAt', direction: 'asc' },
    query.sortSource,
  );
  return selectPage(db, webhookSubscriptions, {
    conditions: [eq(webhookSubscriptions.workspaceId, workspaceId), await filtersCondition(query.filters, resolve)],
    plan,
    query,
    workspaceId,
  });
}

/** Enabled subscriptions of the given workspaces, for fanning events out (the dispatcher spans workspaces). */
export async function findEnabledSubscriptions(db: Executor, workspaceIds: number[]): Promise<SubscriptionRow[]> {
  if (workspaceIds.length === 0) return [];
  return db
    .select()
    .from(webhookSubscriptions)
    .where(and(inArray(webhookSubscriptions.workspaceId, workspaceIds), eq(webhookSubscriptions.enabled, true)));
}

/** A condition true when no workspace has an enabled subscription: the dispatcher then has nobody to deliver to. */
export const noEnabledSubscriptions = sql`NOT EXISTS (SELECT 1 FROM ${webhookSubscriptions} WHERE ${webhookSubscriptions.enabled})`;

/** Counts a successful delivery: the subscription is healthy again. */
export async function recordSubscriptionSuccess(db: Executor, workspaceId: number, id: number): Promise<void> {
  await db
    .update(webhookSubscriptions)
    .set({ consecutiveFailures: 0, failingSince: null, lastSuccessAt: sql`now()` })
    .where(byId(workspaceId, id));
}

/** Counts a failed attempt and returns the subscription's failure streak. */
export async function recordSubscriptionFailure(
  db: Executor,
  workspaceId: number,
  id: number,
): Promise<{ consecutiveFailures: number; failingSince: Date; enabled: boolean } | undefined> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      consecutiveFailures: sql`${webhookSubscriptions.consecutiveFailures} + 1`,
      failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, now())`,
    })
    .where(byId(workspaceId, id))
    .returning({
      consecutiveFailures: webhookSubscriptions.consecutiveFailures,
      failingSince: webhookSubscriptions.failingSince,
      enabled: webhookSubscriptions.enabled,
    });
  return row ? { ...row, failingSince: row.failingSince! } : undefined;
}
