import type { z } from 'zod';
import type { Task } from '../../modules/tasks/tasks.schemas.js';
import type { taskSchema } from './tasks.schemas.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeTask(task: Task): z.infer<typeof taskSchema> {
  return {
    ...task,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    publishedAt: iso(task.publishedAt),
    dueDate: iso(task.dueDate),
    completedAt: iso(task.completedAt),
    cancelledAt: iso(task.cancelledAt),
  };
}
