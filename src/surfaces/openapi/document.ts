import type { SwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { addRequestExamples } from './request-examples.js';

type JsonObject = Record<string, unknown>;
type TransformObject = Extract<SwaggerOptions, { transformObject?: unknown }>['transformObject'];

/**
 * The OpenAPI document's settings. Component schemas come from the schemas named with
 * `.meta({ id })`; the generator marks each with `$id: "#/components/schemas/<name>"` and a
 * `$schema`, and an `$id` makes Swagger UI and Redoc resolve every `$ref` inside that schema
 * against it (so none resolves). Both are dropped, and each request body gets a complete
 * example that "Try it out" sends.
 */
export function openApiOptions(version: string): SwaggerOptions {
  const transformObject: TransformObject = (input) => {
    const document = jsonSchemaTransformObject(input) as JsonObject;
    stripSchemaIdentifiers(document);
    addRequestExamples(document);
    return document as ReturnType<typeof jsonSchemaTransformObject>;
  };
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version,
        description: 'Open-source backend for AI customer engagement. Authenticate with a workspace API key.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      // Relative: the document describes the server that serves it, whatever its address.
      servers: [{ url: '/', description: 'This server' }],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A workspace API key. `Authorization: <key>` and `X-API-Key: <key>` work too.',
          },
          visitorToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A widget visitor token from POST /api/widget/v1/sessions (docs/widget.md).',
          },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject,
  };
}

/** Removes `$id` and `$schema` from every schema in the document. */
function stripSchemaIdentifiers(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) stripSchemaIdentifiers(item);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const object = value as JsonObject;
  // Only a schema's own keywords: a property or example named "$id" is data, not a keyword.
  if (typeof object.$id === 'string' && object.$id.startsWith('#')) delete object.$id;
  if (typeof object.$schema === 'string' && object.$schema.startsWith('https://json-schema.org/')) delete object.$schema;
  for (const [key, child] of Object.entries(object)) {
    if (key === 'example' || key === 'examples' || key === 'default' || key === 'const' || key === 'enum') continue;
    stripSchemaIdentifiers(child);
  }
}
