import { z } from 'zod';
import { messageRoles, messageStatuses, messageTypes } from '../../modules/messages/messages.schemas.js';

const uuidFilter = (description: string) =>
  z.uuid({ error: 'must be a valid UUID' }).optional().describe(description).meta({ example: 'f41bb290-0404-44d7-a969-b21a7ec65b77' });

const limit = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int()
    .min(1)
    .max(100)
    .default(fallback)
    .describe(`Maximum number to return, 1 to 100 (default ${fallback})`);
const offset = z.coerce.number({ error: 'must be a number' }).int().min(0).max(1_000_000).default(0).describe('Number to skip (default 0)');

export const conversationsQuerySchema = z.object({
  lead_id: uuidFilter('ID of the lead (contact) the conversations are with'),
  visitor_id: z.string().min(1).max(200).optional().describe('ID of the widget visitor the conversations are with'),
  // User ids come from outside Switchboard (as in 002's sample): any 8-4-4-4-12 hex id.
  user_id: z
    .guid({ error: 'must be a valid UUID' })
    .optional()
    .describe('ID of the team member the conversations are assigned to')
    .meta({ example: '6a7b8c9d-0e1f-2a3b-4c5d-6e7f8a9b0c1d' }),
  site_id: uuidFilter('ID of the site (widget channel) the conversations happened on'),
  limit: limit(10),
  offset,
});

const lastMessageSchema = z.object({ content: z.string(), role: z.enum(messageRoles), created_at: z.string() }).nullable();

const paginationSchema = z.object({ limit: z.number(), offset: z.number(), total: z.number() });

export const conversationSchema = z
  .object({
    id: z.uuid(),
    title: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string().describe('Last activity'),
    lead_id: z.uuid(),
    visitor_id: z.string().nullable(),
    user_id: z.guid().nullable(),
    agent_id: z.uuid().describe('The agent or squad answering'),
    message_count: z.number().int(),
    last_message: lastMessageSchema,
  })
  .meta({ id: 'SupportConversation' });

export const conversationsResponseSchema = z
  .object({ success: z.literal(true), data: z.object({ conversations: z.array(conversationSchema), pagination: paginationSchema }) })
  .meta({ id: 'SupportConversations' });

export const conversationMessagesQuerySchema = z.object({
  conversation_id: z.uuid({ error: 'must be a valid UUID' }).describe('The conversation whose messages to return'),
  limit: limit(50),
  offset,
});

export const supportMessageSchema = z
  .object({
    id: z.uuid(),
    conversation_id: z.uuid(),
    content: z.string(),
    role: z.enum(messageRoles),
    type: z.enum(messageTypes),
    status: z.enum(messageStatuses),
    created_at: z.string(),
  })
  .meta({ id: 'SupportMessage' });

export const conversationMessagesResponseSchema = z
  .object({ success: z.literal(true), data: z.object({ messages: z.array(supportMessageSchema), pagination: paginationSchema }) })
  .meta({ id: 'SupportConversationMessages' });
