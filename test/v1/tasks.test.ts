import { beforeAll, describe, expect, it } from 'vitest';
import { createConversation, createFunnel } from '../helpers/funnels.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;
let conversationId: number;
let otherConversationId: number;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  const funnel = await createFunnel(app, apiKey);
  conversationId = (await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56912121212'] } })).id;
  const theirs = await createFunnel(app, otherKey);
  otherConversationId = (await createConversation(app, otherKey, { funnelId: theirs.id, contact: { phones: ['+56934343434'] } })).id;
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload: payload as object }) });
const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

async function createTask(payload: Record<string, unknown>, key = apiKey): Promise<Record<string, any>> {
  const response = await request(
    'POST',
    '/api/v1/tasks',
    { objective: 'Call back', assignedTo: { type: 'user', id: '1' }, ...payload },
    key,
  );
  if (response.statusCode !== 200) throw new Error(`creating a task failed: ${response.body}`);
  return response.json();
}

describe('POST /api/v1/tasks (CreateTask)', () => {
  it("creates 003's CreateTask example; its past due date reads as overdue", async () => {
    const response = await request('POST', '/api/v1/tasks', {
      title: 'Follow up with client',
      objective: 'Send proposal to client',
      dueDate: '2024-02-15T10:00:00Z',
      assignedTo: { type: 'user', id: '123' },
    });
    expect(response.statusCode).toBe(200);
    const task = response.json();
    expect(task).toEqual({
      id: expect.any(String),
      tenantId: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      context: { conversationId: null },
      title: 'Follow up with client',
      objective: 'Send proposal to client',
      createdBy: null,
      assignedTo: { id: '123', type: 'user' },
      publishedAt: task.createdAt,
      dueDate: '2024-02-15T10:00:00.000Z',
      completedAt: null,
      cancelledAt: null,
      cancellationReason: null,
      status: 'overdue',
    });
  });

  it("creates the request sample's shape: context, createdBy, an AI employee assignee and a status", async () => {
    const task = await createTask({
      context: { conversationId },
      createdBy: { id: '42', type: 'user' },
      assignedTo: { id: 'agent-7', type: 'ai_employee' },
      dueDate: inDays(2),
      status: 'scheduled',
    });
    expect(task).toMatchObject({
      context: { conversationId },
      createdBy: { id: '42', type: 'user' },
      assignedTo: { id: 'agent-7', type: 'ai_employee' },
      status: 'scheduled',
    });
    const completed = await createTask({ status: 'completed' });
    expect(completed).toMatchObject({ status: 'completed', completedAt: expect.any(String) });
  });

  it.each([
    [{ objective: undefined }, 'objective'],
    [{ objective: '' }, 'objective'],
    [{ assignedTo: undefined }, 'assignedTo'],
    [{ assignedTo: { type: 'robot', id: '1' } }, 'assignedTo.type'],
    [{ assignedTo: { type: 'user' } }, 'assignedTo.id'],
    [{ dueDate: 'tomorrow' }, 'dueDate'],
    [{ status: 'pending' }, 'status'],
    [{ context: { conversationId: 987654 } }, 'context.conversationId'],
    [{ context: { conversationId: 'FOREIGN' } }, 'context.conversationId'],
    [{ context: { conversationId: 0.5 } }, 'context.conversationId'],
    [{ priority: 'high' }, 'priority'],
  ])('rejects %j with a 400 naming %s', async (change, field) => {
    const payload = JSON.parse(
      JSON.stringify({ objective: 'x', assignedTo: { type: 'user', id: '1' }, ...change }).replace(
        '"FOREIGN"',
        String(otherConversationId),
      ),
    );
    const response = await request('POST', '/api/v1/tasks', payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });
});

describe('GET/PUT/DELETE /api/v1/tasks/{taskId}', () => {
  it("gets, applies 003's UpdateTask example (completing stamps completedAt), and deletes", async () => {
    const task = await createTask({ dueDate: inDays(1) });
    expect((await request('GET', `/api/v1/tasks/${task.id}`)).json()).toEqual(task);
    const completed = await request('PUT', `/api/v1/tasks/${task.id}`, { status: 'completed', objective: 'Updated task objective' });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({
      id: task.id,
      status: 'completed',
      objective: 'Updated task objective',
      completedAt: expect.any(String),
      cancelledAt: null,
    });
    const deleted = await request('DELETE', `/api/v1/tasks/${task.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(task.id);
    expect((await request('GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('cancels with a reason, reopens (clearing the stamps) and reassigns', async () => {
    const task = await createTask({ dueDate: inDays(3) });
    const cancelled = (
      await request('PUT', `/api/v1/tasks/${task.id}`, { status: 'cancelled', cancellationReason: 'Client went silent' })
    ).json();
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelledAt: expect.any(String),
      cancellationReason: 'Client went silent',
      completedAt: null,
    });
    const reopened = (
      await request('PUT', `/api/v1/tasks/${task.id}`, {
        status: 'scheduled',
        assignedTo: { type: 'ai_employee', id: 'bot' },
        context: { conversationId },
      })
    ).json();
    expect(reopened).toMatchObject({
      status: 'scheduled',
      cancelledAt: null,
      cancellationReason: null,
      assignedTo: { type: 'ai_employee', id: 'bot' },
      context: { conversationId },
    });
    const stamped = (
      await request('PUT', `/api/v1/tasks/${task.id}`, {
        status: 'completed',
        completedAt: '2025-05-05T05:05:05Z',
        dueDate: null,
        publishedAt: null,
      })
    ).json();
    expect(stamped).toMatchObject({ status: 'completed', completedAt: '2025-05-05T05:05:05.000Z', dueDate: null, publishedAt: null });
    const detached = (await request('PUT', `/api/v1/tasks/${task.id}`, { context: { conversationId: null } })).json();
    expect(detached.context).toEqual({ conversationId: null });
  });

  it.each([
    [{ completedAt: '2025-01-01T00:00:00Z' }, 'completedAt'],
    [{ cancellationReason: 'why not' }, 'cancellationReason'],
    [{ status: 'cancelled', cancelledAt: null }, 'cancelledAt'],
    [{ context: { conversationId: 987654 } }, 'context.conversationId'],
    [{ status: 'done' }, 'status'],
    [{ objective: '' }, 'objective'],
  ])('rejects the update %j with a 400 naming %s', async (changes, field) => {
    const task = await createTask({});
    const response = await request('PUT', `/api/v1/tasks/${task.id}`, changes);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
    expect((await request('GET', `/api/v1/tasks/${task.id}`)).json()).toEqual(task);
  });

  it('answers 404 for unknown or malformed ids (003 writes them as task_123)', async () => {
    for (const id of ['task_123', '00000000-0000-4000-8000-000000000000']) {
      expect((await request('GET', `/api/v1/tasks/${id}`)).json()).toMatchObject({ code: 404, error: 'NOT_FOUND' });
      expect((await request('PUT', `/api/v1/tasks/${id}`, { status: 'completed' })).statusCode).toBe(404);
      expect((await request('DELETE', `/api/v1/tasks/${id}`)).statusCode).toBe(404);
    }
  });

  it('keeps a task when its conversation is deleted, without the conversation', async () => {
    const funnel = await createFunnel(app, apiKey, 'Short lived');
    const conversation = await createConversation(app, apiKey, { funnelId: funnel.id, contact: { phones: ['+56956565656'] } });
    const task = await createTask({ context: { conversationId: conversation.id } });
    expect((await request('DELETE', `/api/v1/conversations/${conversation.id}`)).statusCode).toBe(200);
    expect((await request('GET', `/api/v1/tasks/${task.id}`)).json().context).toEqual({ conversationId: null });
  });
});

describe('GET /api/v1/tasks (GetTasks)', () => {
  it('derives overdue at read time and filters by status, due dates, conversation and assignee', async () => {
    const { apiKey: key } = await app.newWorkspace('Lists');
    const funnel = await createFunnel(app, key);
    const conversation = await createConversation(app, key, { funnelId: funnel.id, contact: { phones: ['+56978787878'] } });
    const make = (payload: Record<string, unknown>) => createTask(payload, key);
    const overdue = await make({ objective: 'overdue', dueDate: inDays(-2), assignedTo: { type: 'user', id: 'u1' } });
    const soon = await make({
      objective: 'soon',
      dueDate: inDays(1),
      assignedTo: { type: 'ai_employee', id: 'a1' },
      context: { conversationId: conversation.id },
    });
    const later = await make({ objective: 'later', dueDate: inDays(10), assignedTo: { type: 'user', id: 'u1' } });
    const undated = await make({ objective: 'undated', assignedTo: { type: 'user', id: 'u2' } });
    const done = await make({ objective: 'done', dueDate: inDays(-5), status: 'completed' });
    const dropped = await make({ objective: 'dropped', dueDate: inDays(-1) });
    await request('PUT', `/api/v1/tasks/${dropped.id}`, { status: 'cancelled' }, key);
    expect(overdue.status).toBe('overdue');
    expect(done.status).toBe('completed');

    const objectives = async (query: string) => {
      const response = await request('GET', `/api/v1/tasks?${query}`, undefined, key);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((task: { objective: string }) => task.objective);
    };
    expect(await objectives('')).toEqual(['done', 'overdue', 'dropped', 'soon', 'later', 'undated']);
    expect(await objectives('status=overdue')).toEqual(['overdue']);
    expect(await objectives('status=scheduled')).toEqual(['soon', 'later', 'undated']);
    expect(await objectives('status=pending&limit=20')).toEqual(['overdue', 'soon', 'later', 'undated']);
    expect(await objectives('status=completed')).toEqual(['done']);
    expect(await objectives('status=cancelled')).toEqual(['dropped']);
    expect(await objectives(`dueBefore=${encodeURIComponent(inDays(0))}`)).toEqual(['done', 'overdue', 'dropped']);
    expect(await objectives(`dueAfter=${encodeURIComponent(inDays(0))}&dueBefore=${encodeURIComponent(inDays(5))}`)).toEqual(['soon']);
    expect(await objectives(`conversationId=${conversation.id}`)).toEqual(['soon']);
    expect(await objectives('assignedToType=user&assignedToId=u1')).toEqual(['overdue', 'later']);
    expect(await objectives('assignedToType=ai_employee')).toEqual(['soon']);
    expect(await objectives('sortBy=createdAt=desc&limit=2')).toEqual(['dropped', 'done']);

    const first = (await request('GET', '/api/v1/tasks?limit=4', undefined, key)).json();
    expect(first).toMatchObject({ totalCount: 6, nextPageToken: expect.any(String) });
    const second = (await request('GET', `/api/v1/tasks?limit=4&pageToken=${first.nextPageToken}`, undefined, key)).json();
    expect(second.items.map((task: { id: string }) => task.id)).toEqual([later.id, undated.id]);
    expect(second.nextPageToken).toBeNull();
    expect(soon.context.conversationId).toBe(conversation.id);
  });

  it.each([
    ['status=done', 'status'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['dueBefore=yesterday', 'dueBefore'],
    ['assignedToType=robot', 'assignedToType'],
    ['conversationId=abc', 'conversationId'],
    ['pageToken=Xde34567890', 'pageToken'],
    ['sortBy=objective=asc', 'sortBy'],
  ])('rejects ?%s with a 400 naming %s', async (query, field) => {
    const response = await request('GET', `/api/v1/tasks?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });
});

describe("another workspace's key", () => {
  it('can neither see nor change a task', async () => {
    const task = await createTask({ objective: 'Private objective', context: { conversationId } });
    for (const [method, payload] of [['GET'], ['PUT', { status: 'completed' }], ['DELETE']] as const) {
      const response = await request(method, `/api/v1/tasks/${task.id}`, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Private objective');
    }
    const theirList = (await request('GET', '/api/v1/tasks?limit=100', undefined, otherKey)).json();
    expect(theirList.items.map((item: { id: string }) => item.id)).not.toContain(task.id);
    expect((await request('GET', `/api/v1/tasks?conversationId=${conversationId}`, undefined, otherKey)).json().totalCount).toBe(0);
    expect((await request('GET', `/api/v1/tasks/${task.id}`)).json().status).toBe('scheduled');
  });

  it('requires an API key', async () => {
    expect((await app.server.inject({ method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(401);
  });
});
