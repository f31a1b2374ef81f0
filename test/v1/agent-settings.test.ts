import { beforeAll, describe, expect, it } from 'vitest';
import { defineCustomField } from '../helpers/factories.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp({ LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'test-model', LLM_API_KEY: 'sk-secret-never-shown' });
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
  await defineCustomField(app, apiKey, { fieldKey: 'budget', fieldType: 'STRING' });
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

describe('agent settings', () => {
  it('starts from the defaults and versions every change with its settings', async () => {
    const created = (await request('POST', '/api/v1/agents', { name: 'Front desk' })).json();
    expect(created).toMatchObject({
      version: 1,
      instructions: '',
      language: 'auto',
      provider: 'builtin',
      captureFields: ['name', 'email', 'phone'],
      handoffAfterMisses: 3,
      enabled: true,
      fallbackMessage: null,
    });
    const changed = await request('PATCH', `/api/v1/agents/${created.id}`, {
      instructions: 'Answer questions about the clinic.',
      language: 'es',
      captureFields: ['name', 'phone', 'budget'],
      handoffKeywords: ['urgencia'],
      handoffAfterMisses: null,
      replyDelayMs: 0,
      fallbackMessage: 'Un momento, por favor.',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      version: 2,
      language: 'es',
      captureFields: ['name', 'phone', 'budget'],
      handoffAfterMisses: null,
    });
    expect((await request('PATCH', `/api/v1/agents/${created.id}`, { language: 'es' })).json().version).toBe(2);
    const versions = (await request('GET', `/api/v1/agents/${created.id}/versions`)).json();
    expect(versions.items[0]).toMatchObject({ version: 2, language: 'es', handoffKeywords: ['urgencia'] });
    expect(versions.items[1]).toMatchObject({ version: 1, language: 'auto', handoffKeywords: [] });
  });

  it('accepts openai with instructions, and never shows the LLM key', async () => {
    const response = await request('POST', '/api/v1/agents', {
      name: 'Sales',
      provider: 'openai',
      instructions: 'Sell houses.',
      model: 'gpt-4o-mini',
      temperature: 0.2,
      maxTokens: 300,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 300 });
    expect(response.body).not.toContain('sk-secret');
    expect((await request('GET', '/api/v1/agents')).body).not.toContain('sk-secret');
  });

  it.each([
    [{ provider: 'claude' }, 'provider'],
    [{ provider: 'openai' }, 'instructions'],
    [{ provider: 'openai', instructions: '   ' }, 'instructions'],
    [{ temperature: 3 }, 'temperature'],
    [{ maxTokens: 0 }, 'maxTokens'],
    [{ maxTokens: 1.5 }, 'maxTokens'],
    [{ model: '' }, 'model'],
    [{ language: 'fr' }, 'language'],
    [{ captureFields: ['email', 'shoeSize'] }, 'captureFields[1]'],
    [{ captureFields: ['email', 'email'] }, 'captureFields[1]'],
    [{ replyDelayMs: -1 }, 'replyDelayMs'],
    [{ handoffAfterMisses: 0 }, 'handoffAfterMisses'],
    [{ members: [] }, 'members'],
  ])('rejects %j naming %s', async (settings, field) => {
    const response = await request('POST', '/api/v1/agents', { name: 'Bad', ...settings });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('refuses openai when the server has no LLM configured', async () => {
    const bare = await buildTestApp();
    const { apiKey: key } = await bare.newWorkspace();
    const response = await bare.server.inject({
      method: 'POST',
      url: '/api/v1/agents',
      headers: auth(key),
      payload: { name: 'x', provider: 'openai', instructions: 'Hi', model: 'm' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('provider');
    expect(response.json().message).toContain('LLM_BASE_URL');
  });

  it("does not accept another workspace's custom field key", async () => {
    await defineCustomField(app, otherKey, { fieldKey: 'otherOnly', fieldType: 'STRING' });
    const response = await request('POST', '/api/v1/agents', { name: 'x', captureFields: ['otherOnly'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain('captureFields[0]');
  });
});

describe('squad settings', () => {
  it('takes member agents and a routing mode, versioned', async () => {
    const a = (await request('POST', '/api/v1/agents', { name: 'A' })).json();
    const b = (await request('POST', '/api/v1/agents', { name: 'B' })).json();
    const squad = await request('POST', '/api/v1/squads', { name: 'Team', members: [a.uuid, b.uuid], routingMode: 'round_robin' });
    expect(squad.statusCode).toBe(200);
    expect(squad.json()).toMatchObject({ version: 1, members: [a.uuid, b.uuid], routingMode: 'round_robin', enabled: true });
    const changed = (await request('PUT', `/api/v1/squads/${squad.json().id}`, { routingMode: 'first' })).json();
    expect(changed).toMatchObject({ version: 2, routingMode: 'first', members: [a.uuid, b.uuid] });
  });

  it.each([
    [{ members: ['not-a-uuid'] }, 'members'],
    [{ routingMode: 'random' }, 'routingMode'],
    [{ members: ['3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c'] }, 'members[0]'],
    [{ instructions: 'agents only' }, 'instructions'],
  ])('rejects %j naming %s', async (settings, field) => {
    const response = await request('POST', '/api/v1/squads', { name: 'Bad', ...settings });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain(field);
  });

  it("refuses another workspace's agent or a squad as a member", async () => {
    const foreign = (await request('POST', '/api/v1/agents', { name: 'Foreign' }, otherKey)).json();
    const inner = (await request('POST', '/api/v1/squads', { name: 'Inner' })).json();
    for (const member of [foreign.uuid, inner.uuid]) {
      const response = await request('POST', '/api/v1/squads', { name: 'Bad', members: [member] });
      expect(response.statusCode).toBe(400);
      expect(response.json().message).toContain('members[0]');
    }
  });
});

describe('getAgentTurnSettings', () => {
  it('gives the turn agent of an agent, and of a squad through its members', async () => {
    const tenant = (await app.services.workspaces.authenticate(apiKey))!;
    const first = (
      await request('POST', '/api/v1/agents', {
        name: 'First',
        instructions: 'Be kind.',
        language: 'en',
        captureFields: ['email'],
        replyDelayMs: 500,
        fallbackMessage: 'Sorry!',
      })
    ).json();
    const second = (await request('POST', '/api/v1/agents', { name: 'Second' })).json();
    const off = (await request('POST', '/api/v1/agents', { name: 'Off', enabled: false })).json();

    const settings = await app.services.agents.getAgentTurnSettings(tenant.workspaceId, first.id);
    expect(settings).toMatchObject({
      agentId: first.id,
      versionId: first.versionId,
      provider: 'builtin',
      replyDelayMs: 500,
      enabled: true,
      fallbackMessage: 'Sorry!',
      agent: { name: 'First', instructions: 'Be kind.', language: 'en', captureFields: ['email'], handoffAfterMisses: 3 },
    });
    expect((await app.services.agents.getAgentTurnSettings(tenant.workspaceId, off.id)).enabled).toBe(false);

    const squad = (
      await request('POST', '/api/v1/squads', { name: 'RR', members: [off.uuid, first.uuid, second.uuid], routingMode: 'round_robin' })
    ).json();
    const chosen = await Promise.all(
      [0, 1, 2, 3].map(
        async (chatId) => (await app.services.agents.getAgentTurnSettings(tenant.workspaceId, squad.id, { chatId })).agentId,
      ),
    );
    expect(chosen).toEqual([first.id, second.id, first.id, second.id]);
    await request('PATCH', `/api/v1/squads/${squad.id}`, { routingMode: 'first' });
    expect((await app.services.agents.getAgentTurnSettings(tenant.workspaceId, squad.id, { chatId: 1 })).agentId).toBe(first.id);

    const empty = (await request('POST', '/api/v1/squads', { name: 'Empty' })).json();
    expect((await app.services.agents.getAgentTurnSettings(tenant.workspaceId, empty.id)).enabled).toBe(false);
    await expect(app.services.agents.getAgentTurnSettings(tenant.workspaceId + 1000, first.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
