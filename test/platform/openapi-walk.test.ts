import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../helpers/fake-graph-api.js';
import { SchemaArbitraries, type Schema } from '../helpers/openapi-arbitraries.js';
import { auth, buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * Issue 11, item 9: walks every operation of the committed docs/openapi.json and sends
 * generated valid and invalid inputs. Every answer must be documented for its operation, never
 * a 5xx, and match the documented schema and media type. Bounded: a fixed number of requests
 * per operation (about a minute in all on a slow machine).
 */
const VALID_RUNS = 10;
const INVALID_RUNS = 8;
const ADMIN_TOKEN = 'walk-admin-token-0123456789';
/** Long-lived streams: inject would wait for their end. Their own tests cover them. */
const SKIPPED = new Set(['GET /api/v1/events/stream']);

interface Operation {
  method: string;
  path: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Schema }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

let app: TestApp;
let graph: FakeGraphApi;
let apiKey: string;
const document = JSON.parse(await readFile(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
const pool = { numbers: [] as number[], uuids: [] as string[] };

/** Ids and uuids of everything a response shows, for later requests to hit. */
function collectIds(value: unknown, key = ''): void {
  if (Array.isArray(value)) value.forEach((item) => collectIds(item, key));
  else if (value && typeof value === 'object') for (const [inner, child] of Object.entries(value)) collectIds(child, inner);
  else if (typeof value === 'number' && /id$/i.test(key) && Number.isInteger(value) && !pool.numbers.includes(value))
    pool.numbers.push(value);
  else if (
    typeof value === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) &&
    !pool.uuids.includes(value)
  )
    pool.uuids.push(value);
}

beforeAll(async () => {
  graph = await startFakeGraphApi();
  app = await buildTestApp({ ADMIN_TOKEN, WHATSAPP_API_BASE_URL: graph.url });
  ({ apiKey } = await app.newWorkspace('Walk'));
  const post = async (url: string, payload: object) => {
    const response = await app.server.inject({ method: 'POST', url, headers: auth(apiKey), payload });
    if (response.statusCode >= 300) throw new Error(`seeding ${url}: ${response.body}`);
    collectIds(response.json());
    return response.json();
  };
  const agent = await post('/api/v1/agents', { name: 'Walker' });
  await post('/api/v1/channels', { type: 'widget', name: 'Site', settings: {}, responderId: agent.uuid });
  await post('/api/v1/channels', {
    type: 'whatsapp',
    name: 'WhatsApp',
    settings: { phoneNumber: '+14155550100', phoneNumberId: '306540352242922', accessToken: 't', appSecret: 's', verifyToken: 'v' },
  });
  const contact = await post('/api/v1/contacts', { firstName: 'Jane', phone: '+56912345678', email: 'jane@example.com' });
  await post('/api/v1/companies', { name: 'Acme' });
  await post('/api/v1/chats', { channelId: null, ownerId: contact.uuid, title: 'Hello' });
  await post('/api/v1/tasks', { title: 'Call back', objective: 'Call', assignedTo: { type: 'user', id: '1' } });
  const funnel = await post('/api/v1/funnels', { name: 'Sales', statuses: [{ name: 'New' }] });
  await post('/api/v1/conversations', { funnelId: funnel.id, contactId: contact.id });
  const definition = await post('/api/v1/custom-fields/definitions', { fieldKey: 'tier', fieldType: 'LIST', entityType: 'CONTACT' });
  await post(`/api/v1/custom-fields/definitions/${definition.id}/options`, { value: 'gold' });
  await post('/api/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['contact.created'] });
});
afterAll(() => graph?.close());

function operations(): Operation[] {
  return Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ ...operation, method: method.toUpperCase(), path })),
  );
}

function validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats.default(ajv);
  // Component schemas are referenced as #/components/schemas/…: register them under the document's id.
  const stripIds = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(stripIds)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([key]) => key !== '$id' && key !== '$schema')
              .map(([key, inner]) => [key, key === '$ref' && typeof inner === 'string' ? `openapi.json${inner}` : stripIds(inner)]),
          )
        : value;
  ajv.addSchema({ $id: 'openapi.json', components: stripIds(document.components) });
  return (schema: Schema) => ajv.compile(stripIds(schema) as object);
}

interface Sample {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

function sampleArbitrary(operation: Operation, schemas: SchemaArbitraries, valid: boolean): fc.Arbitrary<Sample> {
  const parameters = operation.parameters ?? [];
  const group = (place: 'path' | 'query') =>
    fc.record(
      Object.fromEntries(
        parameters
          .filter((parameter) => parameter.in === place)
          .map((parameter) => [
            parameter.name,
            valid
              ? schemas.valid(parameter.schema)
              : fc.oneof(schemas.valid(parameter.schema), fc.string({ minLength: place === 'path' ? 1 : 0, maxLength: 20 })),
          ]),
      ),
      {
        requiredKeys: parameters
          .filter((parameter) => parameter.in === place && (parameter.required || place === 'path'))
          .map((parameter) => parameter.name),
      },
    );
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const body = bodySchema ? (valid ? schemas.valid(bodySchema) : schemas.invalid(bodySchema)) : fc.constant(undefined);
  return fc.record({ path: group('path'), query: group('query'), body });
}

function urlOf(operation: Operation, sample: Sample): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(asText(sample.path[name] ?? 'x')));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(sample.query)) {
    if (value === undefined) continue;
    for (const item of [value].flat()) query.append(name, asText(item));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

it('answers every documented operation with documented statuses and schemas, never a 5xx', { timeout: 240_000 }, async () => {
  const schemas = new SchemaArbitraries(document.components.schemas, pool);
  const compile = validator();
  const compiled = new Map<Schema, ReturnType<typeof compile>>();
  const problems: string[] = [];
  const seed = Date.now() % 1_000_000;
  let sent = 0;

  for (const operation of operations()) {
    const name = `${operation.method} ${operation.path}`;
    if (SKIPPED.has(name)) continue;
    const headers = operation.path.startsWith('/admin/') ? { authorization: `Bearer ${ADMIN_TOKEN}` } : auth(apiKey);
    const samples = [
      ...fc.sample(sampleArbitrary(operation, schemas, true), { numRuns: VALID_RUNS, seed }),
      ...fc.sample(sampleArbitrary(operation, schemas, false), { numRuns: INVALID_RUNS, seed: seed + 1 }),
    ];
    let reported = 0;
    for (const sample of samples) {
      const url = urlOf(operation, sample);
      const response = await app.server.inject({
        method: operation.method as 'GET',
        url,
        headers: sample.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(sample.body === undefined ? {} : { payload: JSON.stringify(sample.body) }),
      });
      sent++;
      if (response.statusCode < 300)
        collectIds(String(response.headers['content-type']).includes('json') ? safeJson(response.body) : undefined);
      const report = (problem: string) => {
        if (reported++ < 3)
          problems.push(
            `${name} ${url} body=${JSON.stringify(sample.body)?.slice(0, 300)}\n    → ${response.statusCode} ${problem}: ${response.body.slice(0, 300)}`,
          );
      };
      if (response.statusCode >= 500) {
        report('server error');
        continue;
      }
      const documented = operation.responses[String(response.statusCode)] ?? operation.responses.default;
      if (!documented) {
        report('undocumented status');
        continue;
      }
      const mediaType = String(response.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim();
      if (!documented.content || response.statusCode === 204) continue;
      const content = documented.content[mediaType];
      if (!content) {
        report(`undocumented media type ${mediaType} (documented: ${Object.keys(documented.content).join(', ')})`);
        continue;
      }
      if (mediaType !== 'application/json' || !content.schema) continue;
      let validate = compiled.get(content.schema);
      if (!validate) compiled.set(content.schema, (validate = compile(content.schema)));
      if (!validate(safeJson(response.body)))
        report(`response does not match its schema (${JSON.stringify(validate.errors?.slice(0, 2))})`);
    }
  }
  expect(sent).toBeGreaterThan(500);
  expect(problems, `seed ${seed}:\n${problems.join('\n')}`).toEqual([]);
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value as string | number | boolean);
}
