import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE } from '../../scripts/openapi-document.js';

type JsonObject = Record<string, unknown>;
const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as JsonObject;

/** Follows a JSON pointer ("#/a/b") from the document root. */
function pointerTarget(pointer: string): unknown {
  let node: unknown = document;
  for (const raw of pointer.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

/**
 * Every $ref with the base URI it resolves against, as JSON Schema 2020-12 tools (Swagger UI's
 * resolver, Redoc, Ajv) read it: an `$id` on a schema becomes the base of every $ref inside it.
 */
function referencesWithBase(node: unknown, base: string, found: Array<{ ref: string; base: string; at: string }>, at: string) {
  if (Array.isArray(node)) return node.forEach((item, index) => referencesWithBase(item, base, found, `${at}/${index}`));
  if (node === null || typeof node !== 'object') return;
  const object = node as JsonObject;
  const ownBase = typeof object.$id === 'string' ? new URL(object.$id, `https://document.invalid/${base}`).href : base;
  if (typeof object.$ref === 'string') found.push({ ref: object.$ref, base: ownBase, at });
  for (const [key, child] of Object.entries(object)) {
    if (key !== 'example' && key !== 'examples') referencesWithBase(child, ownBase, found, `${at}/${key}`);
  }
}

describe('the OpenAPI document renders in Swagger UI and Redoc', () => {
  it('resolves every $ref from the document root to a schema that exists', () => {
    const found: Array<{ ref: string; base: string; at: string }> = [];
    referencesWithBase(document, '', found, '#');
    expect(found.length).toBeGreaterThan(50);
    const broken = found.filter(({ ref, base }) => base !== '' || !ref.startsWith('#/') || pointerTarget(ref) === undefined);
    expect(broken.map(({ ref, at }) => `${at}: ${ref}`)).toEqual([]);
  });

  it('names a server and a license, as lint rules ask', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect((document.info as JsonObject).license).toEqual(expect.objectContaining({ name: 'MIT' }));
  });

  it('gives every JSON request body a complete example that its schema accepts', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ ...document, $id: 'openapi.json' });
    const problems: string[] = [];
    let checked = 0;
    for (const [path, pathItem] of Object.entries(document.paths as Record<string, JsonObject>)) {
      for (const [method, operation] of Object.entries(pathItem)) {
        const media = ((operation as JsonObject).requestBody as JsonObject | undefined)?.content as Record<string, JsonObject> | undefined;
        const json = media?.['application/json'];
        if (!json) continue;
        checked++;
        const label = `${method.toUpperCase()} ${path}`;
        if (json.example === undefined) {
          problems.push(`${label}: no example`);
          continue;
        }
        const pointer = `openapi.json#/paths/${path.replaceAll('~', '~0').replaceAll('/', '~1')}/${method}/requestBody/content/application~1json/schema`;
        const validate = ajv.getSchema(pointer)!;
        if (!validate(json.example)) problems.push(`${label}: ${ajv.errorsText(validate.errors)}`);
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
