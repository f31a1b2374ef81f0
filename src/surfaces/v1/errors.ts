import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/** The v1 CRM error body, as in 003's samples. */
export const v1ErrorSchema = z
  .object({
    code: z.number().int().describe('HTTP status code').meta({ example: 404 }),
    error: z.string().describe('Machine-readable error code').meta({ example: 'NOT_FOUND' }),
    message: z.string().describe('What went wrong, naming the field where there is one'),
    details: z.record(z.string(), z.unknown()).describe('Context such as the offending `field`'),
  })
  .meta({ id: 'V1Error' });

export function v1ErrorBody(error: AppError): z.infer<typeof v1ErrorSchema> {
  return { code: error.status, error: error.code, message: error.message, details: error.details };
}

/** Error responses every authenticated v1 route can give. */
export const v1ErrorResponses = {
  400: v1ErrorSchema,
  401: v1ErrorSchema,
  404: v1ErrorSchema,
};
