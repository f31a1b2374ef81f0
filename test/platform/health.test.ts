import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/test-app.js';

describe('GET /health', () => {
  it('answers ok once the database answers', async () => {
    const app = await buildTestApp();
    const response = await app.server.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('GET /', () => {
  it('points to the API reference, the OpenAPI document and the app', async () => {
    const app = await buildTestApp();
    const response = await app.server.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      name: 'Switchboard',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      docs: '/docs',
      openapi: '/openapi.json',
      app: '/app',
      health: '/health',
    });
  });
});
