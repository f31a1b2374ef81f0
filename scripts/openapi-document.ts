import { fileURLToPath } from 'node:url';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/client.js';

/** Where the committed OpenAPI document lives. */
export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/**
 * The document the app serves at /openapi.json. Building the app needs a database handle but
 * no database: a pg pool connects on its first query, and building runs none, so the handle
 * points at an address nothing listens on and no PostgreSQL has to run.
 */
export async function buildOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const handle = connectDatabase('postgres://openapi:unused@127.0.0.1:1/unused', { max: 1 });
  try {
    const app = await buildApp({ config, db: handle.db, logger: false });
    try {
      const response = await app.server.inject({ method: 'GET', url: '/openapi.json' });
      if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}: ${response.body}`);
      return response.json();
    } finally {
      await app.server.close();
    }
  } finally {
    await handle.close();
  }
}

/** Pretty-printed with every object's keys sorted, so the committed file changes only when the API does. */
export function renderOpenApiDocument(document: unknown): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
