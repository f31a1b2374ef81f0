type JsonObject = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
/** Deeper than any request body of this API; stops a recursive schema. */
const MAX_DEPTH = 8;

/**
 * Gives every JSON request body without an example one built from its schema: the schema's own
 * example where it has one, else one made of its properties' examples. Swagger UI and Redoc
 * show it, and "Try it out" sends it, instead of a skeleton of "string" placeholders.
 */
export function addRequestExamples(document: JsonObject): void {
  const schemas = ((document.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, JsonObject>;
  for (const pathItem of Object.values((document.paths ?? {}) as Record<string, JsonObject>)) {
    for (const method of METHODS) {
      const operation = pathItem[method] as JsonObject | undefined;
      const content = (operation?.requestBody as JsonObject | undefined)?.content as Record<string, JsonObject> | undefined;
      const media = content?.['application/json'];
      if (!media?.schema || media.example !== undefined || media.examples !== undefined) continue;
      const example = exampleOf(media.schema as JsonObject, schemas, 0);
      if (example !== undefined) media.example = example;
    }
  }
}

/** An example value for `schema`, or undefined where it has none to give. */
export function exampleOf(schema: JsonObject, schemas: Record<string, JsonObject>, depth: number): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const resolved = resolve(schema, schemas);
  if (resolved.example !== undefined) return resolved.example;
  if (Array.isArray(resolved.examples) && resolved.examples.length > 0) return resolved.examples[0];
  if (resolved.default !== undefined) return resolved.default;
  if (resolved.const !== undefined) return resolved.const;
  if (Array.isArray(resolved.enum)) return resolved.enum.find((value) => value !== null);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = (resolved[key] as JsonObject[] | undefined)?.filter((branch) => branch.type !== 'null');
    if (!branches?.length) continue;
    if (key !== 'allOf') return exampleOf(branches[0]!, schemas, depth + 1);
    const parts = branches.map((branch) => exampleOf(branch, schemas, depth + 1));
    if (parts.every((part) => part !== null && typeof part === 'object' && !Array.isArray(part))) {
      return Object.assign({}, ...parts);
    }
  }
  const type: unknown = Array.isArray(resolved.type) ? (resolved.type as unknown[]).find((name) => name !== 'null') : resolved.type;
  if (type === 'object' || resolved.properties) return objectExample(resolved, schemas, depth);
  if (type === 'array' && resolved.items) {
    const item = exampleOf(resolved.items as JsonObject, schemas, depth + 1);
    return item === undefined ? [] : [item];
  }
  return scalarExample(type, resolved);
}

function objectExample(schema: JsonObject, schemas: Record<string, JsonObject>, depth: number): unknown {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const example: JsonObject = {};
  for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, JsonObject>)) {
    const value = exampleOf(property, schemas, depth + 1);
    // Optional properties appear when they carry an example of their own.
    if (value !== undefined && (required.has(name) || hasOwnExample(property, schemas))) example[name] = value;
  }
  return example;
}

function hasOwnExample(schema: JsonObject, schemas: Record<string, JsonObject>): boolean {
  const resolved = resolve(schema, schemas);
  return resolved.example !== undefined || (Array.isArray(resolved.examples) && resolved.examples.length > 0);
}

const FORMAT_EXAMPLES: Record<string, unknown> = {
  uuid: '3f0e2b4c-8d1a-4c5e-9b7f-2a6d8e1c4b90',
  'date-time': '2025-03-01T09:30:00.000Z',
  date: '2025-03-01',
  email: 'jane@example.com',
  uri: 'https://example.com',
  url: 'https://example.com',
};

function scalarExample(type: unknown, schema: JsonObject): unknown {
  if (typeof schema.format === 'string' && schema.format in FORMAT_EXAMPLES) return FORMAT_EXAMPLES[schema.format];
  if (type === 'integer' || type === 'number') return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
  if (type === 'boolean') return true;
  return undefined;
}

function resolve(schema: JsonObject, schemas: Record<string, JsonObject>): JsonObject {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 10; hops++) {
    const target = schemas[current.$ref.replace('#/components/schemas/', '')];
    if (!target) break;
    // Keywords beside a $ref (a description, an example) override the target's.
    const { $ref: _ref, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}
