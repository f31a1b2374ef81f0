import fc from 'fast-check';

/** A JSON Schema node of the OpenAPI document (3.1: JSON Schema 2020-12). */
export type Schema = Record<string, any>;

/**
 * fast-check arbitraries from the schemas of an OpenAPI document: values a schema accepts
 * (its examples among them), and values it mostly does not. `pool` holds ids of objects that
 * exist, so generated path ids and references sometimes hit real objects.
 */
export class SchemaArbitraries {
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly pool: { numbers: number[]; uuids: string[] },
  ) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
      current = this.components[current.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    return current ?? {};
  }

  valid(input: Schema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const generated = this.generate(schema, depth);
    const examples = [schema.example, ...(Array.isArray(schema.examples) ? schema.examples : [])].filter((value) => value !== undefined);
    return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), generated) : generated;
  }

  /** Values of any JSON type, and valid values with one property replaced by another type. */
  invalid(input: Schema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const junk = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 40 }),
      fc.constantFrom('', -1, 0, 1e308, 'null', '2020-13-45'),
    );
    const properties = Object.keys(schema.properties ?? {});
    if (properties.length === 0) return junk;
    const mutated = fc
      .tuple(this.valid(schema), fc.constantFrom(...properties), junk)
      .map(([value, key, replacement]) => ({ ...(value as object), [key]: replacement }));
    return fc.oneof(junk, mutated, mutated);
  }

  private generate(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if ('const' in schema) return fc.constant(schema.const);
    if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
    // oneOf next to properties only states which properties go together: generate from the properties.
    const choices = schema.anyOf ?? (schema.properties ? undefined : schema.oneOf);
    if (Array.isArray(choices)) return fc.oneof(...choices.map((choice: Schema) => this.valid(choice, depth + 1)));
    if (Array.isArray(schema.allOf)) return this.valid(Object.assign({}, ...schema.allOf.map((part: Schema) => this.resolve(part))), depth);
    if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => this.generate({ ...schema, type }, depth)));
    switch (schema.type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return this.integer(schema);
      case 'number':
        return fc.oneof(
          this.integer(schema),
          fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }),
        );
      case 'string':
        return this.string(schema);
      case 'array': {
        const items = schema.items ? this.valid(schema.items, depth + 1) : fc.jsonValue({ maxDepth: 1 });
        const minLength = schema.minItems ?? 0;
        return fc.array(items, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 3, 3)) });
      }
      case 'object':
        return this.object(schema, depth);
      default:
        return schema.properties ? this.object(schema, depth) : fc.jsonValue({ maxDepth: 2 });
    }
  }

  private integer(schema: Schema): fc.Arbitrary<number> {
    const min = Math.max(schema.minimum ?? -1e9, schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e9);
    const max = Math.min(schema.maximum ?? 1e9, schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e9);
    const known = this.pool.numbers.filter((value) => value >= min && value <= max);
    const ranged = fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
    return known.length > 0 ? fc.oneof(fc.constantFrom(...known), ranged) : ranged;
  }

  private string(schema: Schema): fc.Arbitrary<string> {
    const minLength = schema.minLength ?? 0;
    const maxLength = Math.min(schema.maxLength ?? 40, 40);
    const fits = (value: string) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
    switch (schema.format) {
      case 'date-time':
        return fc
          .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
          .map((date) => date.toISOString());
      case 'date':
        return fc
          .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
          .map((date) => date.toISOString().slice(0, 10));
      case 'uuid':
        return this.pool.uuids.length > 0 ? fc.oneof(fc.constantFrom(...this.pool.uuids), fc.uuid()) : fc.uuid();
      case 'email':
        return fc.emailAddress().filter(fits);
      case 'uri':
        return fc.webUrl().filter(fits);
    }
    if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).filter(fits);
    return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties: Record<string, Schema> = schema.properties ?? {};
    const required: string[] = schema.required ?? [];
    // Deep in a structure, only what is required: keeps values small.
    const names = depth > 3 ? required : Object.keys(properties);
    const record = fc.record(Object.fromEntries(names.map((name) => [name, this.valid(properties[name] ?? {}, depth + 1)])), {
      requiredKeys: required.filter((name) => names.includes(name)),
    });
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object' && Object.keys(properties).length === 0 && depth <= 3) {
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), this.valid(extra, depth + 1), { maxKeys: 3 });
    }
    return record;
  }
}
