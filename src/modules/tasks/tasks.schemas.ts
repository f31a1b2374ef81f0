/** Statuses as 003 lists them. `overdue` is never stored: a scheduled task past its due date reads as overdue. */
export const taskStatuses = ['completed', 'cancelled', 'scheduled', 'overdue'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export type StoredTaskStatus = Exclude<TaskStatus, 'overdue'>;

/** Who creates or works a task: a team member or an AI employee. */
export const actorTypes = ['user', 'ai_employee'] as const;
export type ActorType = (typeof actorTypes)[number];

export interface Actor {
  type: ActorType;
  /** Stored as given: users and AI employees have no tables yet to check it against. */
  id: string;
}

export interface Task {
  /** The public id (a UUID). */
  id: string;
  tenantId: string;
  title: string | null;
  objective: string;
  context: { conversationId: number | null };
  createdBy: Actor | null;
  assignedTo: Actor;
  status: TaskStatus;
  publishedAt: Date | null;
  dueDate: Date | null;
  completedAt: Date | null;
  cancelledAt: Date | null;
  cancellationReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewTask {
  title?: string | null;
  objective: string;
  conversationId?: number | null;
  createdBy?: Actor | null;
  assignedTo: Actor;
  dueDate?: Date | null;
  status?: TaskStatus;
  publishedAt?: Date | null;
  completedAt?: Date | null;
  cancelledAt?: Date | null;
  cancellationReason?: string | null;
}

/** A partial update: only the properties present change; null clears. */
export type TaskChanges = Partial<Omit<NewTask, 'createdBy'>>;

export interface TaskFilters {
  /** `pending` (not in 003's enum, but in its example) means scheduled or overdue: not done yet. */
  status?: TaskStatus | 'pending';
  dueBefore?: Date;
  dueAfter?: Date;
  conversationId?: number;
  assignedToType?: ActorType;
  assignedToId?: string;
}
