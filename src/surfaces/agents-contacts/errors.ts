import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/** 000's error envelope (DESIGN: `{error:{code,message}}`). */
export const agentsContactsErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('INVALID_REQUEST, UNAUTHORIZED, NOT_FOUND, RATE_LIMITED or INTERNAL_ERROR').meta({ example: 'NOT_FOUND' }),
      message: z.string().describe('What went wrong, naming the field where there is one').meta({ example: 'agent 12 was not found' }),
    }),
  })
  .meta({ id: 'AgentsContactsError' });

export const agentsContactsErrorResponses = {
  400: agentsContactsErrorSchema,
  401: agentsContactsErrorSchema,
  404: agentsContactsErrorSchema,
  500: agentsContactsErrorSchema,
};

const codes: Partial<Record<AppError['code'], string>> = {
  VALIDATION_FAILED: 'INVALID_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  INTERNAL: 'INTERNAL_ERROR',
};

export function agentsContactsErrorBody(error: AppError): z.infer<typeof agentsContactsErrorSchema> {
  return { error: { code: codes[error.code] ?? error.code, message: error.message } };
}
