import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApiDocument } from '../../scripts/openapi-document.js';
import { buildTestApp } from '../helpers/test-app.js';

const app = await buildTestApp();

describe('OpenAPI document and API reference', () => {
  it('serves OpenAPI 3.1 at /openapi.json', async () => {
    const response = await app.server.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json<{ openapi: string; info: { title: string }; paths: Record<string, unknown> }>();
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(document.info.title).toBe('Switchboard API');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/admin/v1/workspaces']));
  });

  it('serves the API reference page at /docs', async () => {
    const page = await app.server.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html/i);
  });

  it('docs/openapi.json is the document the routes produce', async () => {
    const live = (await app.server.inject({ method: 'GET', url: '/openapi.json' })).json<unknown>();
    // Built without a database, as `npm run openapi` builds it: the same document.
    expect(await buildOpenApiDocument()).toEqual(live);
    const committed = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
    const expected = renderOpenApiDocument(live);
    if (committed !== expected) {
      expect.fail('docs/openapi.json is out of date with the routes: run `npm run openapi` and commit the result');
    }
  });
});
