import { beforeAll, describe, expect, it } from 'vitest';
import { searchKnowledge } from '../../src/modules/knowledge/knowledge.service.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let apiKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildTestApp();
  ({ apiKey } = await app.newWorkspace('Acme'));
  ({ apiKey: otherKey } = await app.newWorkspace('Other'));
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, key = apiKey) =>
  app.server.inject({ method, url, headers: auth(key), ...(payload === undefined ? {} : { payload }) });

const CLINIC = `# Opening hours

The clinic is open Monday to Friday from 8:00 to 19:00 and Saturdays from 9:00 to 13:00. We are closed on Sundays and public holidays.

# Prices

A general consultation costs 45 dollars. A teeth cleaning costs 60 dollars. We accept **cash**, debit and credit cards.

# Location

We are at 1200 Ocean Avenue, next to the central pharmacy. There is free parking behind the building.`;

const SPANISH = `# Horario

Abrimos de lunes a viernes de 9:00 a 18:00. Los sábados atendemos de 10:00 a 14:00.

# Envíos

Los envíos a todo el país tardan de 2 a 4 días hábiles y cuestan 5 dólares. Las compras mayores a 50 dólares tienen envío gratis.`;

async function newAgent(key = apiKey, language = 'auto') {
  return (await request('POST', '/api/v1/agents', { name: 'Helper', language }, key)).json();
}

describe('/api/v1/agents/{id}/knowledge', () => {
  it('creates, lists, gets, replaces and deletes documents', async () => {
    const agent = await newAgent();
    const created = await request('POST', `/api/v1/agents/${agent.id}/knowledge`, {
      title: 'Clinic FAQ',
      format: 'markdown',
      content: CLINIC,
    });
    expect(created.statusCode).toBe(200);
    const document = created.json();
    expect(document).toMatchObject({
      title: 'Clinic FAQ',
      format: 'markdown',
      agentId: agent.uuid,
      passageCount: 3,
      searchLanguage: 'english',
    });
    expect(document.sizeBytes).toBe(Buffer.byteLength(CLINIC));

    const list = (await request('GET', `/api/v1/agents/${agent.uuid}/knowledge`)).json();
    expect(list).toMatchObject({ totalCount: 1, items: [{ id: document.id, title: 'Clinic FAQ' }] });
    expect(list.items[0].content).toBeUndefined();
    expect((await request('GET', `/api/v1/agents/${agent.id}/knowledge/${document.id}`)).json().content).toBe(CLINIC);

    const replaced = await request('PUT', `/api/v1/agents/${agent.id}/knowledge/${document.id}`, {
      title: 'Envíos',
      format: 'markdown',
      content: SPANISH,
    });
    expect(replaced.json()).toMatchObject({ id: document.id, title: 'Envíos', passageCount: 2, searchLanguage: 'spanish' });

    const deleted = await request('DELETE', `/api/v1/agents/${agent.id}/knowledge/${document.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().id).toBe(document.id);
    expect((await request('GET', `/api/v1/agents/${agent.id}/knowledge/${document.id}`)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/agents/${agent.id}/knowledge`)).json().totalCount).toBe(0);
  });

  it.each([
    [{ content: 'x' }, 'title'],
    [{ title: 'T', content: '' }, 'content'],
    [{ title: 'T', content: 'x', format: 'html' }, 'format'],
    [{ title: 'T', content: 'x', extra: true }, 'extra'],
  ])('rejects %j naming %s', async (payload, field) => {
    const agent = await newAgent();
    const response = await request('POST', `/api/v1/agents/${agent.id}/knowledge`, payload);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 400, error: 'VALIDATION_FAILED' });
    expect(response.json().message).toContain(field);
  });

  it('refuses a document over 200 KB with a 413 naming content', async () => {
    const agent = await newAgent();
    const response = await request('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Big', content: 'ñ'.repeat(110 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 413, error: 'PAYLOAD_TOO_LARGE', details: { field: 'content' } });
  });

  it('answers 404 for an unknown agent, a squad, or a document of another agent', async () => {
    const agent = await newAgent();
    const other = await newAgent();
    const squad = (await request('POST', '/api/v1/squads', { name: 'S' })).json();
    const document = (await request('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'T', content: 'Some text.' })).json();
    expect((await request('GET', '/api/v1/agents/99999/knowledge')).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/agents/${squad.id}/knowledge`)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/agents/${other.id}/knowledge/${document.id}`)).statusCode).toBe(404);
    expect((await request('GET', `/api/v1/agents/${agent.id}/knowledge/abc`)).statusCode).toBe(400);
  });

  it("never shows or changes another workspace's knowledge", async () => {
    const agent = await newAgent();
    const document = (
      await request('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Private', content: 'Secret prices.' })
    ).json();
    for (const [method, url, payload] of [
      ['GET', `/api/v1/agents/${agent.id}/knowledge`],
      ['POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Injected', content: 'x' }],
      ['GET', `/api/v1/agents/${agent.uuid}/knowledge/${document.id}`],
      ['PUT', `/api/v1/agents/${agent.id}/knowledge/${document.id}`, { title: 'Hacked', content: 'x' }],
      ['DELETE', `/api/v1/agents/${agent.id}/knowledge/${document.id}`],
    ] as const) {
      const response = await request(method, url, payload, otherKey);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Secret');
    }
    expect((await request('GET', `/api/v1/agents/${agent.id}/knowledge/${document.id}`)).json().title).toBe('Private');
  });
});

describe('searchKnowledge', () => {
  it("ranks passages for any of the customer's words, in the passage's own language", async () => {
    const tenant = (await app.services.workspaces.authenticate(apiKey))!;
    const agent = await newAgent();
    await request('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Clinic FAQ', format: 'markdown', content: CLINIC });
    await request('POST', `/api/v1/agents/${agent.id}/knowledge`, { title: 'Tienda', format: 'markdown', content: SPANISH });
    const db = app.database.db;

    const prices = await searchKnowledge(db, tenant.workspaceId, agent.id, 'how much does a cleaning cost??', 'en', 3);
    expect(prices[0]).toMatchObject({ title: 'Clinic FAQ: Prices' });
    expect(prices[0]!.text).toContain('60 dollars');
    expect(prices[0]!.rank).toBeGreaterThan(0);

    const parking = await searchKnowledge(db, tenant.workspaceId, agent.id, 'is there parking or something like that', 'en', 3);
    expect(parking[0]!.text).toContain('free parking');

    const shipping = await searchKnowledge(db, tenant.workspaceId, agent.id, '¿Cuánto cuesta el envío a Monterrey?', 'es', 3);
    expect(shipping[0]).toMatchObject({ title: 'Tienda: Envíos' });

    expect(await searchKnowledge(db, tenant.workspaceId, agent.id, 'the and of', 'en', 3)).toEqual([]);
    expect(await searchKnowledge(db, tenant.workspaceId, agent.id, "'; drop table x; --", 'en', 3)).toEqual([]);
    const otherTenant = (await app.services.workspaces.authenticate(otherKey))!;
    expect(await searchKnowledge(db, otherTenant.workspaceId, agent.id, 'cleaning cost', 'en', 3)).toEqual([]);
  });
});
