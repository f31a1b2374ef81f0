import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TaskChanges } from '../../modules/tasks/tasks.schemas.js';
import type { Services } from '../../services.js';
import { parseSortBy } from '../../shared/list-query.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses } from './errors.js';
import {
  createTaskBodySchema,
  taskListQuerySchema,
  taskListSchema,
  taskParams,
  taskSchema,
  updateTaskBodySchema,
} from './tasks.schemas.js';
import { serializeTask } from './tasks.serializers.js';

const tags = ['Tasks'];
const toDate = (value: string | null | undefined) => (value === undefined ? undefined : value === null ? null : new Date(value));

/** Tasks (seed 003). */
export function tasksRoutes({ tasks }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tasks',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetTasks',
          summary: 'List tasks',
          description: 'Filters combine with AND. Example: GET /api/v1/tasks?status=pending&limit=20',
          querystring: taskListQuerySchema,
          response: { 200: taskListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { limit, pageToken, sortBy, dueBefore, dueAfter, ...filters } = request.query;
        const page = await tasks.findTasks(tenantOf(request), {
          filters: { ...filters, dueBefore: toDate(dueBefore) ?? undefined, dueAfter: toDate(dueAfter) ?? undefined },
          sort: parseSortBy(sortBy),
          limit,
          pageToken,
        });
        return {
          nextPageToken: page.nextPageToken,
          totalCount: page.totalCount ?? 0,
          items: page.items.map((task) => serializeTask(task)),
        };
      },
    );

    app.post(
      '/tasks',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateTask',
          summary: 'Create a task',
          description:
            '`context.conversationId` must name a funnel conversation of the workspace. `createdBy` and `context` may be left out.',
          body: createTaskBodySchema,
          response: { 200: taskSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { context, dueDate, ...input } = request.body;
        const task = await tasks.createTask(tenantOf(request), {
          ...input,
          conversationId: context?.conversationId,
          dueDate: toDate(dueDate),
        });
        return serializeTask(task);
      },
    );

    app.get(
      '/tasks/:taskId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetTask',
          summary: 'Get a task',
          params: taskParams,
          response: { 200: taskSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeTask(await tasks.getTaskById(tenantOf(request), request.params.taskId)),
    );

    app.put(
      '/tasks/:taskId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateTask',
          summary: 'Update a task (only the fields sent change)',
          description:
            'Completing sets completedAt and cancelling sets cancelledAt (now, unless given); going back to scheduled clears them. cancellationReason goes with a cancellation.',
          params: taskParams,
          body: updateTaskBodySchema,
          response: { 200: taskSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const {
          id: _id,
          tenantId: _tenantId,
          createdBy: _createdBy,
          createdAt: _createdAt,
          updatedAt: _updatedAt,
          context,
          ...body
        } = request.body;
        const changes: TaskChanges = {
          ...body,
          conversationId: context === undefined ? undefined : (context.conversationId ?? null),
          publishedAt: toDate(body.publishedAt),
          dueDate: toDate(body.dueDate),
          completedAt: toDate(body.completedAt),
          cancelledAt: toDate(body.cancelledAt),
        };
        return serializeTask(await tasks.updateTask(tenantOf(request), request.params.taskId, changes));
      },
    );

    app.delete(
      '/tasks/:taskId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteTask',
          summary: 'Delete a task (returns it)',
          params: taskParams,
          response: { 200: taskSchema, ...v1ErrorResponses },
        },
      },
      async (request) => serializeTask(await tasks.deleteTask(tenantOf(request), request.params.taskId)),
    );
  };
}
