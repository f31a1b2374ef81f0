import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

/** 002's error envelope. */
export const supportErrorSchema = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z
        .string()
        .describe('INVALID_REQUEST, UNAUTHORIZED, NOT_FOUND, DATABASE_ERROR or INTERNAL_SERVER_ERROR')
        .meta({ example: 'INVALID_REQUEST' }),
      message: z.string().meta({ example: 'At least one of lead_id, visitor_id, user_id, or site_id is required' }),
    }),
  })
  .meta({ id: 'SupportError' });

export const supportErrorResponses = { 400: supportErrorSchema, 401: supportErrorSchema, 404: supportErrorSchema, 500: supportErrorSchema };

/** 002's codes for our closed set; the ones 002 does not name keep their own. */
const supportCodes: Partial<Record<AppError['code'], string>> = {
  VALIDATION_FAILED: 'INVALID_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
};

/** Whether a failure came from PostgreSQL (002 reports those as DATABASE_ERROR). */
export function isDatabaseError(error: unknown): boolean {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    if ('severity' in current && 'code' in current && typeof (current as { code: unknown }).code === 'string') return true;
  }
  return false;
}

export function supportErrorBody(error: AppError, fromDatabase: boolean): z.infer<typeof supportErrorSchema> {
  const code = fromDatabase && error.code === 'INTERNAL' ? 'DATABASE_ERROR' : (supportCodes[error.code] ?? error.code);
  return { success: false, error: { code, message: error.message } };
}
