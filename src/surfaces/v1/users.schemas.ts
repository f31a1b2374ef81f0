import { z } from 'zod';
import { pageQueryFields, pageSchema } from './paging.schemas.js';
import { userRoles } from '../../modules/users/users.schemas.js';

const USER_UUID = '0b6f2c1e-3d4a-4b5c-8d6e-7f8091a2b3c4';

export const userSchema = z
  .object({
    id: z.number().int().describe('Numeric id: contacts’ `userId`, tickets’ `assigneeUserId`').meta({ example: 7 }),
    uuid: z.uuid().describe('Public id: chats’ `assigneeUserId` and `currentResponderId`').meta({ example: USER_UUID }),
    tenantId: z.uuid(),
    email: z.string().describe('Unique in the workspace, stored lower case').meta({ example: 'ana@example.com' }),
    name: z.string().meta({ example: 'Ana Souza' }),
    role: z.enum(userRoles).describe('admin (manages the workspace) or agent (works the inbox)'),
    active: z.boolean().describe('Deactivated members keep their history but cannot be assigned'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });

export const userListSchema = pageSchema(userSchema, 'Users', 'UserList');

export const userListQuerySchema = z.object({
  ...pageQueryFields('Users'),
  active: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('Only active (true) or deactivated (false) members'),
  role: z.enum(userRoles).optional(),
  email: z.string().max(320).optional().describe('Exact email (any case)'),
});

const email = z.email({ error: 'must be an email address' }).max(320).describe('Unique in the workspace');
const name = z.string().trim().min(1, 'must not be empty').max(200);

export const createUserBodySchema = z
  .object({ email, name, role: z.enum(userRoles).default('agent').describe('admin or agent (default)') })
  .strict()
  .meta({ id: 'CreateUserBody', example: { email: 'ana@example.com', name: 'Ana Souza', role: 'agent' } });

export const updateUserBodySchema = z
  .object({ email: email.optional(), name: name.optional(), role: z.enum(userRoles).optional() })
  .strict()
  .meta({ id: 'UpdateUserBody', example: { role: 'admin' } });
