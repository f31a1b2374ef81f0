import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/**
 * The AI contact surface's error body. 001 lists the statuses but no body; this is the shape
 * Fastify and most HTTP APIs use (docs/tickets.md).
 */
export const publicErrorSchema = z
  .object({
    statusCode: z.number().int().describe('The HTTP status').meta({ example: 404 }),
    error: z.string().describe('Machine-readable error code').meta({ example: 'NOT_FOUND' }),
    message: z.string().describe('What went wrong, naming the field where there is one'),
  })
  .meta({ id: 'PublicError' });

export function publicErrorBody(error: AppError): z.infer<typeof publicErrorSchema> {
  return { statusCode: error.status, error: error.code, message: error.message };
}

export const publicErrorResponses = { 400: publicErrorSchema, 401: publicErrorSchema, 404: publicErrorSchema, 500: publicErrorSchema };
