import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/** Where scripts/build-web.ts writes the browser bundles. */
export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist/web');

/**
 * Serves the embeddable widget at /widget.js (built by `npm run build:web`, which `npm start`
 * runs first). Cached for five minutes and revalidated by ETag, so a new version reaches
 * sites quickly.
 */
export const widgetScriptRoutes: FastifyPluginAsync = async (app) => {
  let cached: { body: Buffer; etag: string } | undefined;
  app.get('/widget.js', { config: { callers: ['public'] }, schema: { hide: true } }, async (request, reply) => {
    if (!cached) {
      const body = await readFile(path.join(WEB_DIST, 'widget.js')).catch(() => undefined);
      if (!body) return reply.status(404).type('text/plain').send('The widget is not built: run `npm run build:web` (npm start does it).');
      cached = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    }
    reply.header('cache-control', 'public, max-age=300').header('etag', cached.etag).header('access-control-allow-origin', '*');
    if (request.headers['if-none-match'] === cached.etag) return reply.status(304).send();
    return reply.type('text/javascript; charset=utf-8').send(cached.body);
  });
};
