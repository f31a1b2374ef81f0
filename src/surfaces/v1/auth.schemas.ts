import { z } from 'zod';
import { userSchema } from './users.schemas.js';

export const loginBodySchema = z
  .object({
    email: z.string().trim().min(1).max(320).describe('The team member’s email (any case)').meta({ example: 'ana@example.com' }),
    password: z.string().min(1).max(1000).describe('The member’s password').meta({ example: 'correct horse battery staple' }),
    workspaceId: z
      .uuid()
      .optional()
      .describe('Only needed when the same email and password open members in several workspaces: the workspace to log into'),
  })
  .strict()
  .meta({ id: 'LoginBody', example: { email: 'ana@example.com', password: 'correct horse battery staple' } });

export const sessionSchema = z
  .object({
    user: userSchema,
    workspaceId: z.uuid().describe('The workspace the member works in'),
    csrfToken: z
      .string()
      .describe('Send it as the X-CSRF-Token header with every write (POST, PUT, PATCH, DELETE) made with the session cookie'),
    expiresAt: z.string().describe('When the session ends; log in again then'),
  })
  .meta({ id: 'Session' });

export const setPasswordBodySchema = z
  .object({
    password: z.string().min(10).max(1000).describe('The new password, 10 characters at least').meta({ example: 'a long passphrase' }),
  })
  .strict()
  .meta({ id: 'SetPasswordBody', example: { password: 'a long passphrase' } });
