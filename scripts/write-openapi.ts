// `npm run openapi`: writes docs/openapi.json from the routes, with no database running.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApiDocument } from './openapi-document.js';

const document = (await buildOpenApiDocument()) as { paths?: Record<string, unknown> };
await mkdir(path.dirname(OPENAPI_FILE), { recursive: true });
await writeFile(OPENAPI_FILE, renderOpenApiDocument(document));
process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)} (${Object.keys(document.paths ?? {}).length} paths)\n`);
