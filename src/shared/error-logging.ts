/**
 * How errors are written to the log: without personal data. A failed query's error carries
 * its SQL parameters (names, emails, custom field values) in `params` and in its message and
 * stack ("Failed query: …\nparams: …"), and PostgreSQL's own errors quote values in `detail`
 * ("Key (email)=(jane@example.com) already exists") and in messages ('invalid input syntax for
 * type uuid: "…"'). The log keeps the query text (placeholders only), codes, constraint and
 * table names, and the stack; values are replaced by "…".
 */
const REDACTED = '…';
const KEPT_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'routine', 'statusCode', 'validationContext'] as const;

export interface LoggedError {
  type: string;
  message: string;
  stack: string;
  cause?: LoggedError;
  [field: string]: unknown;
}

function isQueryError(error: object): error is Error & { query: string; params: unknown[] } {
  return 'query' in error && 'params' in error && typeof (error as { query: unknown }).query === 'string';
}

function isDatabaseError(error: object): boolean {
  return 'severity' in error && 'code' in error;
}

/** Quoted values and parenthesized key values in a PostgreSQL message. */
function redactValues(message: string): string {
  return message.replace(/"[^"]*"/g, `"${REDACTED}"`).replace(/=\([^)]*\)/g, `=(${REDACTED})`);
}

export function serializeError(error: unknown, depth = 0): LoggedError {
  if (typeof error !== 'object' || error === null) return { type: typeof error, message: String(error), stack: '' };
  const source = error as Error & Record<string, unknown>;
  let message = typeof source.message === 'string' ? source.message : String(source);
  if (isQueryError(source)) message = `Failed query: ${source.query}`;
  else if (isDatabaseError(source)) message = redactValues(message);
  const type = source.constructor?.name ?? 'Error';
  // The stack starts with the original message; keep only its frames.
  const frames = typeof source.stack === 'string' ? source.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
  const logged: LoggedError = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  for (const field of KEPT_FIELDS) if (source[field] !== undefined) logged[field] = source[field];
  if (source.cause !== undefined && depth < 5) logged.cause = serializeError(source.cause, depth + 1);
  return logged;
}
