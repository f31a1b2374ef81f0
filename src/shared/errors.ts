/**
 * The closed set of failures the domain reports. Each API surface maps a code to its own
 * status and body; the domain never speaks HTTP.
 */
export const errorCodes = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  /** The path exists, with other methods (the answer carries an Allow header). */
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A provider we call (WhatsApp's Graph API) refused or failed the call. */
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable context, e.g. `{ field: 'addresses[0].address' }`. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export function notFound(entity: string, id: string | number): AppError {
  return new AppError('NOT_FOUND', `${entity} ${id} was not found`, { entity, id });
}

export function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${field}: ${message}`, { field });
}
