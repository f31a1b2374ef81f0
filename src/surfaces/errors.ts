import type { FastifyBaseLogger, FastifyError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../shared/errors.js';

/**
 * Turns anything a route can throw into an AppError, so every surface formats failures from
 * one closed set. Unknown errors are logged and become INTERNAL without leaking their text.
 */
export function toAppError(error: unknown, log: FastifyBaseLogger): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const problems = error.validation.map((issue) => ({
      field: fieldName(context, issue.instancePath),
      message: issue.message ?? 'is invalid',
    }));
    const first = problems[0]!;
    return new AppError('VALIDATION_FAILED', `${first.field}: ${first.message}`, { field: first.field, problems });
  }
  const fastifyError = error as Partial<FastifyError>;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('VALIDATION_FAILED', `Malformed JSON body: ${fastifyError.message}`, { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts', { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION_FAILED', 'The Content-Length header does not match the body');
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError(fastifyError.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', fastifyError.message ?? 'Bad request');
  }
  if (isDatabaseUnavailable(error)) {
    log.warn({ err: error }, 'database unavailable');
    return new AppError('UNAVAILABLE', 'The database is unavailable; retry shortly');
  }
  log.error({ err: error }, 'unhandled error');
  return new AppError('INTERNAL', 'Something went wrong on our side; the error has been logged');
}

/** `body` + `/addresses/0/address` → `addresses[0].address`. */
function fieldName(context: string, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts.length === 0) return context;
  return parts.reduce((name, part, index) => {
    if (/^\d+$/.test(part)) return `${name}[${part}]`;
    return index === 0 ? part : `${name}.${part}`;
  }, '');
}

/**
 * A dropped or refused database connection (PostgreSQL restarting, failing over): the request
 * can be retried, so it is a 503 rather than an internal error. Drizzle wraps driver errors in `cause`.
 */
function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (/^(08|57P0)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)))
      return true;
    if (typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message))
      return true;
  }
  return false;
}
