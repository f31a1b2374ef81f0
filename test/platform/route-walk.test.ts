import { randomUUID } from 'node:crypto';
import type { RouteOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { CallerKind, RouteCallers } from '../../src/surfaces/callers.js';
import { createAgent, createChannel, createChat, createOwner, createSquad, sendChatMessage } from '../chats/factories.js';
import { defineCustomField } from '../helpers/factories.js';
import { createConversation, createFunnel } from '../helpers/funnels.js';
import { auth, buildTestApp } from '../helpers/test-app.js';
import { createMember, login } from '../helpers/inbox.js';

/**
 * Walks every route the app registers (collected by an onRoute hook, so a new route is walked
 * without being listed here) and checks who may call it: 401 in the surface's error shape
 * without credentials, the declared caller kinds admitted and the others refused, and 404 for
 * another workspace's ids.
 */
const ADMIN_TOKEN = 'route-walk-admin-token';
const registered: RouteOptions[] = [];
const app = await buildTestApp({ ADMIN_TOKEN }, { onRoute: (route) => registered.push(route) });

interface WalkedRoute {
  method: string;
  url: string;
  callers: RouteCallers;
  hasBody: boolean;
}

// HEAD routes are the GET routes' twins (same config and hooks) and answer without a body.
const routes: WalkedRoute[] = registered.flatMap((route) =>
  [route.method]
    .flat()
    .filter((method) => method !== 'HEAD')
    .map((method) => ({ method, url: route.url, callers: route.config!.callers!, hasBody: Boolean(route.schema?.body) })),
);
const isPublic = (route: WalkedRoute) => (route.callers as readonly string[]).includes('public');
const guarded = routes.filter((route) => !isPublic(route));

/** Each surface's error body for `code` (by path prefix, most specific first). */
const surfaces: { prefix: string; error: (status: number, code: string) => unknown }[] = [
  { prefix: '/api/widget/v1', error: (_status, code) => ({ error: { code, message: expect.any(String) } }) },
  { prefix: '/api/v1/chats', error: (_status, code) => ({ code, message: expect.any(String) }) },
  {
    prefix: '/api/agents/customerSupport',
    error: (_status, code) => ({
      success: false,
      error: { code: code === 'UNAUTHENTICATED' ? 'UNAUTHORIZED' : code, message: expect.any(String) },
    }),
  },
  {
    prefix: '/api/agents',
    error: (_status, code) => ({ error: { code: code === 'UNAUTHENTICATED' ? 'UNAUTHORIZED' : code, message: expect.any(String) } }),
  },
  {
    prefix: '/api/v1',
    error: (status, code) => ({ code: status, error: code, message: expect.any(String), details: expect.any(Object) }),
  },
  {
    prefix: '/api/public',
    error: (status, code) => ({ statusCode: status, error: code, message: expect.any(String) }),
  },
  {
    prefix: '/admin/v1',
    error: (status, code) => ({ code: status, error: code, message: expect.any(String), details: expect.any(Object) }),
  },
];

function errorBody(url: string, status: number, code: string): unknown {
  const surface = surfaces.find(({ prefix }) => url === prefix || url.startsWith(`${prefix}/`));
  if (!surface) throw new Error(`The route walk knows no error shape for ${url}: add its surface to \`surfaces\``);
  return surface.error(status, code);
}

// Workspace A owns one of everything; B calls with A's ids.
const a = await app.newWorkspace('Workspace A');
const b = await app.newWorkspace('Workspace B');
const owner = await createOwner(app, a.apiKey, { firstName: 'Ada' });
const company = await post('/api/v1/companies', { name: 'Acme' });
const task = await post('/api/v1/tasks', { objective: 'Call back', assignedTo: { type: 'user', id: '1' } });
const funnel = await createFunnel(app, a.apiKey);
const conversation = await createConversation(app, a.apiKey, { funnelId: funnel.id, contactId: owner.id });
const definition = await defineCustomField(app, a.apiKey, { fieldKey: 'tier', fieldType: 'LIST', options: ['Gold'] });
const option = (await get(`/api/v1/custom-fields/definitions/${definition.id}/options`)).items[0];
const channel = await createChannel(app, a.apiKey, { type: 'api', name: 'Integration' });
const agent = await createAgent(app, a.apiKey, 'Ada bot');
const squad = await createSquad(app, a.apiKey, 'Front desk');
const knowledgeDocument = await post(`/api/v1/agents/${agent.id}/knowledge`, { title: 'Hours', content: 'Open 9 to 5.' });
const chat = await createChat(app, a.apiKey, { channelId: null, ownerId: owner.uuid, title: 'Order' });
const message = await sendChatMessage(app, a.apiKey, chat.id, { content: 'Hello', role: 'user' });
const webhook = await post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', eventTypes: ['*'] });
const user = await post('/api/v1/users', { email: 'ada@example.com', name: 'Ada' });
const ticket = await post('/api/v1/tickets', { chatId: chat.id });
const voiceAgent = await post('/api/v1/voice-agents', { name: 'Caller', objectives: ['Qualify'] });
const phoneCall = await post('/api/v1/calls', {
  status: 'ended',
  userId: null,
  metadata: null,
  from: '+14155550100',
  to: '+14155550101',
  duration: 12,
  direction: 'outgoing',
  startTime: '2026-01-01T10:00:00Z',
});
const bulk = await post('/api/v1/conversations/bulk', { conversations: [{ funnelId: funnel.id, contactId: owner.id }] });

/**
 * A's id for a path parameter, by the collection it follows (`/funnels/:id/statuses/:statusId`:
 * `funnels` then `statuses`). Stored media files and webhook deliveries take more than an API
 * call to make (a WhatsApp channel, the dispatcher), so they get well-formed ids; B must get 404
 * either way, and the webhook in their paths is A's.
 */
const idsByCollection: Record<string, string | number> = {
  contacts: owner.id,
  companies: company.id,
  tasks: task.id,
  funnels: funnel.id,
  statuses: funnel.statuses[0]!.id,
  conversations: conversation.id,
  bulk: bulk.operationId,
  definitions: definition.id,
  options: option.id,
  channels: channel.id,
  agents: agent.id,
  squads: squad.id,
  knowledge: knowledgeDocument.id,
  chats: chat.id,
  messages: message.id,
  media: randomUUID(),
  webhooks: webhook.id,
  deliveries: 1,
  users: user.id,
  tickets: ticket.id,
  // 001's /api/public/contact/:aiContactId/info
  contact: owner.uuid,
  'voice-agents': voiceAgent.id,
  calls: phoneCall.id,
  // Admin routes: another operator's objects do not exist; these ids are A's, which the admin may reach.
  workspaces: a.workspaceId,
  'api-keys': randomUUID(),
};

/** Bodies that pass validation on routes whose body `{}` does not, so the walk reaches the lookup. */
const sampleBodies: Record<string, unknown> = {
  'POST /api/v1/custom-fields/definitions/:definitionId/options': { value: 'Silver' },
  'POST /api/v1/funnels/:id/statuses': { name: 'Lost' },
  'POST /api/v1/agents/:id/knowledge': { title: 'Injected', content: 'x' },
  'PUT /api/v1/agents/:id/knowledge/:documentId': { title: 'Hacked', content: 'x' },
  'POST /api/v1/chats/:id/messages': { content: 'Hi', role: 'user' },
  'POST /api/v1/tickets/:ticketId/assign': { userId: 1 },
  'PUT /api/v1/users/:id/password': { password: 'a long passphrase' },
  'POST /api/v1/agents/:id/preview': { message: 'Hi' },
  'PATCH /api/agents/:agent_id/contacts/:id': { status: 'exported' },
  'PUT /api/v1/voice-agents/:voiceAgentId': { name: 'Caller', objectives: ['Qualify'] },
};

function pathFor(route: WalkedRoute): string {
  const segments = route.url.split('/');
  return segments
    .map((segment, index) => {
      if (!segment.startsWith(':')) return segment;
      const collection = segments[index - 1]!;
      const id = idsByCollection[collection];
      if (id === undefined) throw new Error(`The route walk has no "${collection}" id for ${route.url}: add one to idsByCollection`);
      return String(id);
    })
    .join('/');
}

function bodyFor(route: WalkedRoute): unknown {
  if (!route.hasBody) return undefined;
  return sampleBodies[`${route.method} ${route.url}`] ?? {};
}

// A team member of B, logged into the inbox: its session cookie and CSRF token (writes need both).
const bMember = await createMember(app, b.apiKey);
const bSession = await login(app, bMember);
/** Routes that end the session they are called with: walked with a session of their own. */
const sessionEnding = new Set(['POST /api/v1/auth/logout']);

// A widget visitor of workspace B.
const widgetChannel = await app.server.inject({
  method: 'POST',
  url: '/api/v1/channels',
  headers: auth(b.apiKey),
  payload: { type: 'widget', name: 'Site', settings: { allowedOrigins: ['*'] } },
});
const visitorSession = await app.server.inject({
  method: 'POST',
  url: '/api/widget/v1/sessions',
  payload: { websiteToken: widgetChannel.json().settings.websiteToken },
});

const credentials: Record<'api_key' | 'admin' | 'user' | 'visitor', Record<string, string>> = {
  api_key: auth(b.apiKey),
  admin: { authorization: `Bearer ${ADMIN_TOKEN}` },
  user: bSession.write,
  visitor: { authorization: `Bearer ${visitorSession.json().visitorToken}` },
};

function call(route: WalkedRoute, headers: Record<string, string>) {
  // A malformed Last-Event-ID makes a stream answer 400 at once instead of streaming forever.
  return app.server.inject({
    method: route.method as 'GET',
    url: pathFor(route),
    headers: { ...headers, 'last-event-id': 'not-an-event-id' },
    payload: bodyFor(route) as object | undefined,
  });
}

async function post(url: string, payload: object) {
  const response = await app.server.inject({ method: 'POST', url, headers: auth(a.apiKey), payload });
  if (response.statusCode >= 300) throw new Error(`POST ${url} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

async function get(url: string) {
  const response = await app.server.inject({ method: 'GET', url, headers: auth(a.apiKey) });
  if (response.statusCode >= 300) throw new Error(`GET ${url} failed: ${response.statusCode} ${response.body}`);
  return response.json();
}

const name = (route: WalkedRoute) => `${route.method} ${route.url}`;

describe('route walk', () => {
  it('walks every registered route', () => {
    expect(guarded.length).toBeGreaterThan(80);
    expect(routes.map(name)).toEqual(expect.arrayContaining(['GET /health', 'POST /admin/v1/workspaces', 'GET /api/v1/chats/:id']));
  });

  it('leaves public only the root, health, the API reference, provider webhooks and the widget script, config, sessions and preflight', () => {
    const open = routes.filter(isPublic).map((route) => route.url);
    for (const url of open)
      expect(url).toMatch(
        /^\/(|health|openapi\.json|docs(\/.*)?|webhooks\/.+|widget\.js|api\/widget\/v1(\/config|\/sessions|\*)|app(\/.*)?|api\/v1\/auth\/login)$/,
      );
  });

  describe.each(guarded.map((route) => [name(route), route] as const))('%s', (_name, route) => {
    it('answers 401 in its surface’s error shape without credentials', async () => {
      const response = await call(route, {});
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual(errorBody(route.url, 401, 'UNAUTHENTICATED'));
    });

    it('admits the callers it declares and refuses the others', async () => {
      for (const kind of Object.keys(credentials) as (keyof typeof credentials)[]) {
        const headers = kind === 'user' && sessionEnding.has(name(route)) ? (await login(app, bMember)).write : credentials[kind];
        const response = await call(route, headers);
        if ((route.callers as readonly CallerKind[]).includes(kind)) expect(response.statusCode, `${kind}: ${response.body}`).not.toBe(401);
        else {
          expect(response.statusCode, `${kind}: ${response.body}`).toBe(401);
          expect(response.json()).toEqual(errorBody(route.url, 401, 'UNAUTHENTICATED'));
        }
      }
    });

    if (route.url.includes('/:') && (route.callers as readonly string[]).includes('api_key')) {
      it("answers 404 to another workspace's ids", async () => {
        const response = await call(route, auth(b.apiKey));
        expect(response.statusCode, response.body).toBe(404);
        expect(response.json()).toEqual(errorBody(route.url, 404, 'NOT_FOUND'));
      });
    }

    if (route.url.includes('/:') && (route.callers as readonly string[]).includes('user')) {
      it("answers 404 to another workspace's ids with an inbox session", async () => {
        const response = await call(route, bSession.write);
        expect(response.statusCode, response.body).toBe(404);
        expect(response.json()).toEqual(errorBody(route.url, 404, 'NOT_FOUND'));
      });
    }
  });
});
