import { dateTimeSchema } from '../../shared/dates.js';
import { z } from 'zod';
import { pageQueryFields, pageSchema } from './paging.schemas.js';
import { actorTypes, taskStatuses } from '../../modules/tasks/tasks.schemas.js';

/** The v1 wire shapes of tasks (seed 003's GetTasks, CreateTask, GetTask, UpdateTask, DeleteTask). */

export const taskStatusSchema = z
  .enum(taskStatuses)
  .describe('scheduled, completed or cancelled; a scheduled task whose dueDate has passed reads as overdue')
  .meta({ id: 'TaskStatus', example: 'scheduled' });

export const actorSchema = z
  .object({
    id: z
      .union([z.string().trim().min(1).max(200), z.number().int().transform(String)])
      .describe('Id of the user or AI employee (stored as given)')
      .meta({ example: '123' }),
    type: z.enum(actorTypes).describe('user or ai_employee'),
  })
  .strict()
  .meta({ id: 'TaskActor' });

const contextSchema = z
  .object({
    conversationId: z
      .number()
      .int('must be a whole number')
      .positive('must be positive')
      .max(Number.MAX_SAFE_INTEGER)
      .nullable()
      .optional()
      .describe('A funnel conversation of the workspace the task is about'),
  })
  .strict()
  .meta({ id: 'TaskContext' });

export const taskSchema = z
  .object({
    id: z.string().describe('Task id'),
    tenantId: z.string().describe('The workspace id'),
    createdAt: z.string(),
    updatedAt: z.string(),
    context: z.object({ conversationId: z.number().nullable() }),
    title: z.string().nullable().describe('Short title, when one was given'),
    objective: z.string(),
    createdBy: actorSchema.nullable().describe('Who created the task, when the creator said'),
    assignedTo: actorSchema,
    publishedAt: z.string().nullable().describe('When the task was made visible to its assignee (creation time unless set)'),
    dueDate: z.string().nullable(),
    completedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancellationReason: z.string().nullable(),
    status: taskStatusSchema,
  })
  .meta({ id: 'Task' });

export const taskListSchema = pageSchema(taskSchema, 'Tasks', 'TaskList');

export const taskListQuerySchema = z.object({
  ...pageQueryFields('Tasks'),
  status: z
    .enum([...taskStatuses, 'pending'])
    .optional()
    .describe('`overdue` = scheduled with a past dueDate; `pending` = scheduled or overdue (not done yet)'),
  dueBefore: dateTimeSchema('Due strictly before this time').optional(),
  dueAfter: dateTimeSchema('Due strictly after this time').optional(),
  conversationId: z.coerce
    .number()
    .int()
    .positive()
    .max(Number.MAX_SAFE_INTEGER)
    .optional()
    .describe('Tasks about this funnel conversation'),
  assignedToType: z.enum(actorTypes).optional(),
  assignedToId: z.string().max(200).optional(),
  sortBy: z
    .string()
    .max(200)
    .optional()
    .describe('`dueDate` (default, ascending; no due date last), `createdAt` or `updatedAt`, `=asc` or `=desc`')
    .meta({ example: 'dueDate=asc' }),
});

// 003 writes task ids as `task_123`: any other text is a 404 (not found), not a 400.
export const taskParams = z.object({
  taskId: z
    .string()
    .min(1)
    .max(100)
    .describe('Task id: the UUID a task was created with')
    .meta({ example: '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c' }),
});

export const createTaskBodySchema = z
  .object({
    title: z.string().trim().max(500).nullable().optional().describe("Short title (003's example sends one)"),
    objective: z.string().trim().min(1).max(10_000).describe('What the assignee should achieve'),
    context: contextSchema.optional(),
    createdBy: actorSchema.optional(),
    assignedTo: actorSchema,
    dueDate: dateTimeSchema('When the task is due').nullable().optional(),
    status: taskStatusSchema.optional().describe('Default scheduled; overdue is stored as scheduled'),
  })
  .strict()
  .meta({
    id: 'CreateTaskBody',
    example: {
      title: 'Follow up with client',
      objective: 'Send proposal to client',
      dueDate: '2024-02-15T10:00:00Z',
      assignedTo: { type: 'user', id: '123' },
    },
  });

export const updateTaskBodySchema = z
  .object({
    status: taskStatusSchema.optional(),
    context: contextSchema.optional(),
    title: z.string().trim().max(500).nullable().optional(),
    objective: z.string().trim().min(1).max(10_000).optional(),
    assignedTo: actorSchema.optional(),
    publishedAt: dateTimeSchema('When the task was made visible to its assignee').nullable().optional(),
    dueDate: dateTimeSchema('When the task is due').nullable().optional(),
    completedAt: dateTimeSchema('Only with status completed (default: now)').nullable().optional(),
    cancelledAt: dateTimeSchema('Only with status cancelled (default: now)').nullable().optional(),
    cancellationReason: z.string().max(2000).nullable().optional().describe('Only on a cancelled task'),
    // Echoed by clients that send back what they read; ignored.
    id: z.string().optional().describe('Ignored: the id in the path wins'),
    tenantId: z.string().optional().describe('Ignored'),
    createdBy: z.unknown().optional().describe('Ignored: the creator does not change'),
    createdAt: z.string().optional().describe('Ignored'),
    updatedAt: z.string().optional().describe('Ignored'),
  })
  .strict()
  .meta({ id: 'UpdateTaskBody', example: { status: 'completed', objective: 'Updated task objective' } });
