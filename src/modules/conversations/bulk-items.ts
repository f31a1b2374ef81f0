import type { z } from 'zod';
import { AppError, invalid } from '../../shared/errors.js';
import type { BulkIssue, BulkIssueCode, BulkItemReport, BulkReport } from './conversations.schemas.js';

/**
 * The state of one item of a bulk write while it is checked: its parsed value once valid,
 * and the errors and warnings it collects. An item with an error is never written.
 */
export class BulkItem<Parsed> {
  parsed?: Parsed;
  itemId: number | null = null;
  readonly errors: BulkIssue[] = [];
  readonly warnings: BulkIssue[] = [];
  readonly existingEntities: Record<string, unknown> = {};
  duplicate = false;

  constructor(
    readonly index: number,
    readonly raw: unknown,
  ) {}

  get ok(): boolean {
    return this.parsed !== undefined && this.errors.length === 0;
  }

  fail(code: BulkIssueCode, field: string, message: string, context: Record<string, unknown> = {}): void {
    this.errors.push({ field, message, code, context });
    if (code === 'DUPLICATE') this.duplicate = true;
  }

  warn(code: BulkIssueCode, field: string, message: string, context: Record<string, unknown> = {}): void {
    this.warnings.push({ field, message, code, context });
    if (code === 'DUPLICATE') this.duplicate = true;
  }

  /** Runs a check that throws VALIDATION_FAILED (e.g. address normalization) and records its failure as INVALID_VALUE. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const field = typeof error.details.field === 'string' ? error.details.field : 'body';
      this.fail('INVALID_VALUE', field, withoutFieldPrefix(field, error.message));
      return undefined;
    }
  }
}

/** Parses each raw item with `schema`, recording schema failures on the item. */
export function parseItems<Schema extends z.ZodType>(rawItems: unknown[], schema: Schema): BulkItem<z.infer<Schema>>[] {
  return rawItems.map((raw, index) => {
    const item = new BulkItem<z.infer<Schema>>(index, raw);
    const result = schema.safeParse(raw);
    if (result.success) item.parsed = result.data;
    else for (const issue of result.error.issues) recordSchemaIssue(item, raw, issue);
    return item;
  });
}

function recordSchemaIssue(item: BulkItem<unknown>, raw: unknown, issue: z.core.$ZodIssue): void {
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys)
      item.fail('INVALID_VALUE', fieldPath([...issue.path, key]), 'is not a field of this item', {
        value: valueAt(raw, [...issue.path, key]),
      });
    return;
  }
  const field = issue.path.length > 0 ? fieldPath(issue.path) : 'item';
  const value = valueAt(raw, issue.path);
  if (value === undefined) item.fail('REQUIRED_FIELD', field, 'is required');
  else if (issue.path.length === 0) item.fail('INVALID_VALUE', field, 'must be an object');
  else item.fail('INVALID_VALUE', field, issue.message, { value });
}

/** `['contact', 'phones', 0]` → `contact.phones[0]`. */
function fieldPath(path: PropertyKey[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)),
    '',
  );
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let value = raw;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

function withoutFieldPrefix(field: string, message: string): string {
  return message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
}

export function buildReport(items: BulkItem<unknown>[]): BulkReport {
  const itemsIssues: BulkItemReport[] = items
    .filter((item) => item.errors.length > 0 || item.warnings.length > 0)
    .map((item) => ({
      index: item.index,
      itemId: item.errors.length > 0 ? null : item.itemId,
      errors: item.errors,
      warnings: item.warnings,
      existingEntities: item.existingEntities,
    }));
  const failed = items.filter((item) => !item.ok).length;
  return {
    itemsIssues,
    batchErrors: [],
    counts: {
      successful: items.length - failed,
      warnings: items.filter((item) => item.ok && item.warnings.length > 0).length,
      duplicates: items.filter((item) => item.duplicate).length,
      errors: failed,
      total: items.length,
    },
  };
}

/** For the single-item routes: an item's first error as the AppError the route answers with. */
export function firstErrorAsAppError(item: BulkItem<unknown>): AppError | undefined {
  const [first, ...rest] = item.errors;
  if (!first) return undefined;
  const error = invalid(first.field, first.message);
  Object.assign(error.details, { code: first.code, problems: [first, ...rest] });
  return error;
}
