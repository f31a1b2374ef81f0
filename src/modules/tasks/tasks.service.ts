import type { Database, Executor } from '../../db/client.js';
import { invalid, notFound } from '../../shared/errors.js';
import type { Filter, ListQuery, Sort } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { conversationExists } from '../conversations/conversations.repository.js';
import { recordEvent } from '../events/events.js';
import * as repository from './tasks.repository.js';
import type { NewTask, StoredTaskStatus, Task, TaskChanges, TaskFilters, TaskStatus } from './tasks.schemas.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TaskListRequest {
  filters: TaskFilters;
  sort: Sort[];
  limit: number;
  pageToken?: string;
}

/**
 * Tasks. The lifecycle fields follow the status: a completed task has `completedAt`, a
 * cancelled one `cancelledAt` (and may have a `cancellationReason`), a scheduled one
 * neither; setting them against the status is a VALIDATION_FAILED.
 */
export class TasksService {
  constructor(private readonly db: Database) {}

  async createTask(tenant: Tenant, input: NewTask): Promise<Task> {
    return this.db.transaction((tx) => this.createTaskIn(tx, tenant, input));
  }

  /** Creates a task in the caller's transaction (the agent runtime's turn). */
  async createTaskIn(tx: Executor, tenant: Tenant, input: NewTask): Promise<Task> {
    await this.checkConversation(tx, tenant, input.conversationId);
    const row = await repository.insertTask(tx, tenant.workspaceId, {
      title: input.title ?? null,
      objective: input.objective,
      conversationId: input.conversationId ?? null,
      createdByType: input.createdBy?.type ?? null,
      createdById: input.createdBy?.id ?? null,
      assignedToType: input.assignedTo.type,
      assignedToId: input.assignedTo.id,
      dueDate: input.dueDate ?? null,
      publishedAt: input.publishedAt,
      ...lifecycle(undefined, input, new Date()),
    });
    const task = toTask(tenant, row);
    await recordEvent(tx, tenant, 'task.created', task);
    return task;
  }

  async getTaskById(tenant: Tenant, id: string): Promise<Task> {
    return toTask(tenant, await this.findRow(this.db, tenant, id));
  }

  async updateTask(tenant: Tenant, id: string, changes: TaskChanges): Promise<Task> {
    return this.db.transaction(async (tx) => {
      const current = await this.findRow(tx, tenant, id, true);
      if (changes.conversationId !== undefined) await this.checkConversation(tx, tenant, changes.conversationId);
      const values: Partial<repository.TaskValues> = lifecycle(current, changes, new Date());
      if (changes.title !== undefined) values.title = changes.title;
      if (changes.objective !== undefined) values.objective = changes.objective;
      if (changes.conversationId !== undefined) values.conversationId = changes.conversationId;
      if (changes.assignedTo !== undefined)
        Object.assign(values, { assignedToType: changes.assignedTo.type, assignedToId: changes.assignedTo.id });
      if (changes.dueDate !== undefined) values.dueDate = changes.dueDate;
      if (changes.publishedAt !== undefined) values.publishedAt = changes.publishedAt;
      const task = toTask(tenant, await repository.updateTaskRow(tx, tenant.workspaceId, current.uuid, values));
      await recordEvent(tx, tenant, 'task.updated', task);
      return task;
    });
  }

  async deleteTask(tenant: Tenant, id: string): Promise<Task> {
    return this.db.transaction(async (tx) => {
      const task = toTask(tenant, await this.findRow(tx, tenant, id, true));
      await repository.deleteTaskRow(tx, tenant.workspaceId, task.id);
      await recordEvent(tx, tenant, 'task.deleted', task);
      return task;
    });
  }

  async findTasks(tenant: Tenant, request: TaskListRequest): Promise<Page<Task>> {
    const query: ListQuery = {
      filters: taskFilters(request.filters),
      sort: request.sort,
      sortSource: 'sortBy',
      pageSize: request.limit,
      pageToken: request.pageToken,
      includeTotalCount: true,
    };
    const page = await repository.findTaskRows(this.db, tenant.workspaceId, query);
    return { items: page.rows.map((row) => toTask(tenant, row)), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  private async findRow(db: Executor, tenant: Tenant, id: string, lock = false): Promise<repository.TaskRow> {
    const row = UUID_PATTERN.test(id) ? await repository.findTaskRow(db, tenant.workspaceId, id.toLowerCase(), lock) : undefined;
    if (!row) throw notFound('task', id);
    return row;
  }

  private async checkConversation(db: Executor, tenant: Tenant, conversationId: number | null | undefined): Promise<void> {
    if (conversationId === undefined || conversationId === null) return;
    if (!(await conversationExists(db, tenant.workspaceId, conversationId))) {
      throw invalid('context.conversationId', `funnel conversation ${conversationId} does not exist in this workspace`);
    }
  }
}

type Lifecycle = Pick<repository.TaskValues, 'status' | 'completedAt' | 'cancelledAt' | 'cancellationReason'>;

/**
 * The status and lifecycle fields after a write. Completing stamps `completedAt` (now, unless
 * given), cancelling stamps `cancelledAt`; going back to scheduled clears them. `overdue`
 * is written as scheduled: it is derived from the due date when read.
 */
function lifecycle(current: repository.TaskRow | undefined, changes: TaskChanges, now: Date): Lifecycle {
  const from = (current?.status ?? 'scheduled') as StoredTaskStatus;
  const status: StoredTaskStatus = changes.status === undefined ? from : changes.status === 'overdue' ? 'scheduled' : changes.status;
  const stamp = (field: 'completedAt' | 'cancelledAt', owner: StoredTaskStatus): Date | null => {
    const given = changes[field];
    if (status !== owner) {
      if (given) throw invalid(field, `can only be set on a ${owner} task; send "status": "${owner}" with it`);
      return null;
    }
    if (given === null) throw invalid(field, `a ${owner} task keeps its ${field}; change the status to clear it`);
    return given ?? (from === owner ? current![field] : null) ?? now;
  };
  let cancellationReason: string | null = null;
  if (status === 'cancelled')
    cancellationReason =
      changes.cancellationReason !== undefined ? changes.cancellationReason : from === 'cancelled' ? current!.cancellationReason : null;
  else if (changes.cancellationReason) throw invalid('cancellationReason', 'can only be given when the task is cancelled');
  return { status, completedAt: stamp('completedAt', 'completed'), cancelledAt: stamp('cancelledAt', 'cancelled'), cancellationReason };
}

function taskFilters(filters: TaskFilters): Filter[] {
  const list: Filter[] = [];
  const add = (field: string, operator: Filter['operator'], value: unknown, source: string) =>
    list.push({ field, operator, value, source });
  if (filters.status === 'pending') add('status', 'in', ['scheduled', 'overdue'], 'status');
  else if (filters.status) add('status', 'eq', filters.status, 'status');
  if (filters.dueBefore) add('dueDate', 'lt', filters.dueBefore.toISOString(), 'dueBefore');
  if (filters.dueAfter) add('dueDate', 'gt', filters.dueAfter.toISOString(), 'dueAfter');
  if (filters.conversationId !== undefined) add('conversationId', 'eq', filters.conversationId, 'conversationId');
  if (filters.assignedToType) add('assignedToType', 'eq', filters.assignedToType, 'assignedToType');
  if (filters.assignedToId !== undefined) add('assignedToId', 'eq', filters.assignedToId, 'assignedToId');
  return list;
}

function readStatus(row: repository.TaskRow, now: Date): TaskStatus {
  if (row.status === 'scheduled' && row.dueDate && row.dueDate < now) return 'overdue';
  return row.status as TaskStatus;
}

export function toTask(tenant: Tenant, row: repository.TaskRow, now = new Date()): Task {
  return {
    id: row.uuid,
    tenantId: tenant.workspaceUuid,
    title: row.title,
    objective: row.objective,
    context: { conversationId: row.conversationId },
    createdBy: row.createdByType && row.createdById ? { type: row.createdByType as Task['assignedTo']['type'], id: row.createdById } : null,
    assignedTo: { type: row.assignedToType as Task['assignedTo']['type'], id: row.assignedToId },
    status: readStatus(row, now),
    publishedAt: row.publishedAt,
    dueDate: row.dueDate,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
    cancellationReason: row.cancellationReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
