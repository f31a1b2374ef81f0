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
