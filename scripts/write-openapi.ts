// `npm run openapi`: writes docs/openapi.json from the routes, with no database running, and the
// TypeScript client's types generated from it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLIENT_TYPES_FILE, renderClientTypes } from './client-types.js';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApiDocument } from './openapi-document.js';

const document = (await buildOpenApiDocument()) as { paths?: Record<string, unknown> };
await mkdir(path.dirname(OPENAPI_FILE), { recursive: true });
const text = renderOpenApiDocument(document);
await writeFile(OPENAPI_FILE, text);
process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)} (${Object.keys(document.paths ?? {}).length} paths)\n`);
await writeFile(CLIENT_TYPES_FILE, await renderClientTypes(text));
process.stdout.write(`wrote ${path.relative(process.cwd(), CLIENT_TYPES_FILE)}\n`);
