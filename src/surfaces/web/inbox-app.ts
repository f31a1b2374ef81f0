import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync } from 'fastify';

/** Where `scripts/build-web.ts` writes the inbox's bundle (`npm start` and the tests build it first). */
const INBOX_DIST = fileURLToPath(new URL('../../../dist/web/inbox/', import.meta.url));

const ASSETS: Record<string, string> = {
  'inbox.js': 'text/javascript; charset=utf-8',
  'inbox.css': 'text/css; charset=utf-8',
};

/** Only this server's own scripts and styles run in the inbox; it calls only this server. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard inbox</title>
<link rel="stylesheet" href="/app/assets/inbox.css">
<script type="module" src="/app/assets/inbox.js"></script>
</head>
<body><div id="app"></div><noscript>The Switchboard inbox needs JavaScript.</noscript></body>
</html>
`;

/**
 * The team inbox at /app: one HTML page (views are hash routes) and its built assets. It
 * holds no data: everything comes from the public API with the member's session.
 */
export function inboxApp(distDirectory = INBOX_DIST): FastifyPluginAsync {
  return async (app) => {
    const page = async (_request: unknown, reply: import('fastify').FastifyReply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('cache-control', 'no-cache')
        .send(PAGE);
    app.get('/', { config: { callers: ['public'] }, schema: { hide: true } }, page);

    app.get<{ Params: { file: string } }>(
      '/assets/:file',
      { config: { callers: ['public'] }, schema: { hide: true } },
      async (request, reply) => {
        const type = ASSETS[request.params.file];
        if (!type) return reply.status(404).send({ error: 'NOT_FOUND', message: `no asset ${request.params.file}` });
        try {
          const body = await readFile(`${distDirectory}${request.params.file}`);
          return reply.type(type).header('cache-control', 'no-cache').send(body);
        } catch {
          return reply
            .status(503)
            .send({ error: 'UNAVAILABLE', message: 'The inbox is not built: run `npm run build:web` (npm start does it)' });
        }
      },
    );
  };
}
