import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, index, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { funnelConversations } from '../conversations/conversations.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

/**
 * Work for a person or an AI employee, usually about a funnel conversation. `overdue` is not
 * stored: a `scheduled` task whose due date has passed reads as overdue.
 */
export const tasks = pgTable(
  'tasks',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** The public task id (003 shows task ids as strings). */
    uuid: uuid('uuid').notNull().defaultRandom(),
    title: text('title'),
    objective: text('objective').notNull(),
    /** `context.conversationId`. The migration makes the key ON DELETE SET NULL (conversation_id) only: deleting a conversation keeps its tasks. */
    conversationId: bigint('conversation_id', { mode: 'number' }),
    /** `user` or `ai_employee`. Neither has a table yet, so assignee and creator ids are stored as given. */
    createdByType: text('created_by_type'),
    createdById: text('created_by_id'),
    assignedToType: text('assigned_to_type').notNull(),
    assignedToId: text('assigned_to_id').notNull(),
    /** scheduled, completed or cancelled. */
    status: text('status').notNull().default('scheduled'),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date', precision: 3 }),
    dueDate: timestamp('due_date', { withTimezone: true, mode: 'date', precision: 3 }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date', precision: 3 }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, mode: 'date', precision: 3 }),
    cancellationReason: text('cancellation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    unique('tasks_uuid_unique').on(table.uuid),
    foreignKey({
      columns: [table.workspaceId, table.conversationId],
      foreignColumns: [funnelConversations.workspaceId, funnelConversations.id],
      name: 'tasks_conversation_fk',
    }).onDelete('set null'),
    check('tasks_status_check', sql`${table.status} IN ('scheduled', 'completed', 'cancelled')`),
    index('tasks_due_idx').on(table.workspaceId, table.dueDate, table.id),
    index('tasks_created_idx').on(table.workspaceId, table.createdAt, table.id),
    index('tasks_conversation_idx').on(table.workspaceId, table.conversationId),
    index('tasks_assignee_idx').on(table.workspaceId, table.assignedToType, table.assignedToId),
  ],
);
