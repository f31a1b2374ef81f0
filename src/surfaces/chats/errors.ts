import { z } from 'zod';
import type { AppError } from '../../shared/errors.js';

/** The Chats surface's error body (DESIGN: `{code, message}`); the message names the field. */
export const chatsErrorSchema = z
  .object({
    code: z.string().describe('Machine-readable error code').meta({ example: 'NOT_FOUND' }),
    message: z
      .string()
      .describe('What went wrong, naming the field where there is one')
      .meta({ example: 'chat 3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c was not found' }),
  })
  .meta({ id: 'ChatsError' });

export function chatsErrorBody(error: AppError): z.infer<typeof chatsErrorSchema> {
  return { code: error.code, message: error.message };
}

export const chatsErrorResponses = { 400: chatsErrorSchema, 401: chatsErrorSchema, 404: chatsErrorSchema };
