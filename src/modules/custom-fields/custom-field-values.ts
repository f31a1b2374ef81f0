import { invalid } from '../../shared/errors.js';
import type { CustomFieldType } from './custom-fields.schemas.js';

export interface FieldRule {
  fieldType: CustomFieldType;
  /** The allowed values of a LIST field. */
  options: ReadonlySet<string>;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Checks one value against its definition and returns it as stored. Dates are kept as
 * `YYYY-MM-DD` when given as a day, else as an ISO 8601 UTC instant, so they sort as text.
 */
export function normalizeCustomFieldValue(field: string, rule: FieldRule, value: unknown): unknown {
  switch (rule.fieldType) {
    case 'STRING':
    case 'FILE':
      if (typeof value !== 'string') throw invalid(field, `must be a string (the field is ${rule.fieldType})`);
      if (value.length > 10_000) throw invalid(field, 'must be at most 10,000 characters');
      return value;
    case 'NUMBER':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(field, 'must be a number (the field is NUMBER)');
      return value;
    case 'BOOLEAN':
      if (typeof value !== 'boolean') throw invalid(field, 'must be true or false (the field is BOOLEAN)');
      return value;
    case 'DATE':
      return normalizeDate(field, value);
    case 'LIST':
      if (typeof value !== 'string') throw invalid(field, 'must be the value of one of the field options (a string)');
      if (!rule.options.has(value)) {
        const allowed = [...rule.options].slice(0, 20).map((option) => JSON.stringify(option));
        throw invalid(field, `"${value}" is not an option of this LIST field; allowed: ${allowed.join(', ') || 'none yet'}`);
      }
      return value;
  }
}

function normalizeDate(field: string, value: unknown): string {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) {
    throw invalid(field, 'must be an ISO 8601 date (YYYY-MM-DD) or date-time (the field is DATE)');
  }
  const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(parsed.getTime())) throw invalid(field, `"${value}" is not a real date`);
  if (value.length === 10) {
    if (parsed.toISOString().slice(0, 10) !== value) throw invalid(field, `"${value}" is not a real date`);
    return value;
  }
  return parsed.toISOString();
}
