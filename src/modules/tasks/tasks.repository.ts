import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { filtersCondition, orderPlan, selectPage, sortableField, type FieldSpec, type PageRows } from '../../db/list-sql.js';
import type { ListQuery } from '../../shared/list-query.js';
import { tasks } from './tasks.table.js';

export type TaskRow = typeof tasks.$inferSelect;
export type TaskValues = Omit<typeof tasks.$inferInsert, 'workspaceId' | 'id' | 'uuid'>;

const byUuid = (workspaceId: number, uuid: string) => and(eq(tasks.workspaceId, workspaceId), eq(tasks.uuid, uuid));

/** Inserts the task; without `publishedAt` it is published at its creation time (the same now() as created_at). */
export async function insertTask(db: Executor, workspaceId: number, values: TaskValues): Promise<TaskRow> {
  const [row] = await db
    .insert(tasks)
    .values({ ...values, publishedAt: values.publishedAt === undefined ? sql`now()` : values.publishedAt, workspaceId })
    .returning();
  return row!;
}

export async function findTaskRow(db: Executor, workspaceId: number, uuid: string, lock = false): Promise<TaskRow | undefined> {
  const query = db.select().from(tasks).where(byUuid(workspaceId, uuid));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateTaskRow(db: Executor, workspaceId: number, uuid: string, values: Partial<TaskValues>): Promise<TaskRow> {
  const [row] = await db
    .update(tasks)
    .set({ ...values, updatedAt: sql`now()` })
    .where(byUuid(workspaceId, uuid))
    .returning();
  return row!;
}

export async function deleteTaskRow(db: Executor, workspaceId: number, uuid: string): Promise<void> {
  await db.delete(tasks).where(byUuid(workspaceId, uuid));
}

/** Sorts tasks without a due date after all others. */
const FAR_FUTURE = '9999-12-31T23:59:59.999Z';

/** The status a task reads as: a scheduled task past its due date is overdue. */
const effectiveStatus = sql`CASE WHEN ${tasks.status} = 'scheduled' AND ${tasks.dueDate} < now() THEN 'overdue' ELSE ${tasks.status} END`;

/** The task list's filter and sort fields. */
export const taskFields: Record<string, FieldSpec> = {
  status: { expression: effectiveStatus, type: 'text' },
  dueDate: { expression: sql`${tasks.dueDate}`, type: 'date', sortExpression: sql`coalesce(${tasks.dueDate}, ${FAR_FUTURE}::timestamptz)` },
  conversationId: { expression: sql`${tasks.conversationId}`, type: 'number' },
  assignedToType: { expression: sql`${tasks.assignedToType}`, type: 'text' },
  assignedToId: { expression: sql`${tasks.assignedToId}`, type: 'text' },
  createdAt: sortableField(tasks.createdAt, 'date'),
  updatedAt: sortableField(tasks.updatedAt, 'date'),
};

export async function findTaskRows(db: Executor, workspaceId: number, query: ListQuery): Promise<PageRows<TaskRow>> {
  const resolve = (field: string) => (Object.hasOwn(taskFields, field) ? taskFields[field] : undefined);
  const plan = await orderPlan(query.sort, resolve, sql`${tasks.id}`, { field: 'dueDate', direction: 'asc' }, query.sortSource);
  return selectPage(db, tasks, {
    conditions: [eq(tasks.workspaceId, workspaceId), await filtersCondition(query.filters, resolve)],
    plan,
    query,
    workspaceId,
  });
}
