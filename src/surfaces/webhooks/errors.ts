import { z } from 'zod';

/** The webhooks' error body: providers only read the status, people read the message. */
export const webhookErrorSchema = z
  .object({ code: z.string().meta({ example: 'UNAUTHENTICATED' }), message: z.string() })
  .meta({ id: 'WebhookError' });
