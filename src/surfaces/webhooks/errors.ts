import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/** The webhooks' error body: providers only read the status, people read the message. */
export const webhookErrorSchema = z
  .object({ code: z.string().meta({ example: 'UNAUTHENTICATED' }), message: z.string() })
  .meta({ id: 'WebhookError' });

export function webhookErrorBody(error: AppError): z.infer<typeof webhookErrorSchema> {
  return { code: error.code, message: error.message };
}
