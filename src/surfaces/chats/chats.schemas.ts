import { dateTimeSchema } from '../../shared/dates.js';
import { z } from 'zod';
import { responderKinds } from '../../modules/agents/agents.schemas.js';
import { channelTypes } from '../../modules/channels/channels.schemas.js';
import { chatStatuses } from '../../modules/chats/chats.schemas.js';
import { messageRoles } from '../../modules/messages/messages.schemas.js';

const UUID_EXAMPLE = '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c';
const uuid = (description: string) => z.uuid({ error: 'must be a UUID' }).describe(description).meta({ example: UUID_EXAMPLE });
const dateTime = z.string().meta({ example: '2025-03-01T09:30:00.000Z' });

/** One value or several (repeated, or with `[]`), as 004's "any of" parameters allow. */
function listParameter<T extends z.ZodType>(item: T, description: string) {
  return z
    .preprocess(
      (value) => (value === undefined || value === '' ? undefined : Array.isArray(value) ? value : [value]),
      z.array(item).max(100).optional(),
    )
    .describe(`${description}. One value, or several as \`name=a&name=b\` or \`name[]=a&name[]=b\`.`);
}

const optionalDateTime = (description: string) =>
  z
    .preprocess((value) => (value === '' || value === 'null' ? undefined : value), dateTimeSchema(description).optional())
    .describe(description);

export const chatParams = z.object({ id: uuid('The chat id') });

export const chatListQuerySchema = z.object({
  channelIds: listParameter(uuid('Channel id'), 'Only chats on these channels'),
  channelTypes: listParameter(
    z.enum(channelTypes),
    'Only chats on channels of these types (default: widget, waha, whatsapp, instagram, api, and chats without a channel)',
  ),
  ownerIds: listParameter(uuid('Owner id'), 'Only chats of these owners (contact uuids)'),
  responderIds: listParameter(uuid('Responder id'), 'Only chats answered by these agents or squads'),
  responderVersionIds: listParameter(uuid('Responder version id'), 'Only chats pinned to these responder versions'),
  statuses: listParameter(z.enum(chatStatuses), 'Only chats in these inbox states'),
  lastChatMessageCreatedAtStart: optionalDateTime('Only chats whose last message is at or after this time'),
  lastChatMessageCreatedAtEnd: optionalDateTime('Only chats whose last message is at or before this time'),
  search: z
    .string()
    .max(200)
    .optional()
    .describe('Words that must all appear in the title or the owner’s name or addresses')
    .meta({ example: 'jane' }),
  includeRemoved: z.enum(['true', 'false']).optional().describe('Include soft-removed chats (default false)'),
  pageNumber: z.coerce.number().int().min(1).max(100_000).default(1).describe('The page number (default 1)'),
  pageSize: z.coerce.number().int().min(1).max(100).default(10).describe('The page size, 1 to 100 (default 10)'),
});

export const chatDetailsQuerySchema = z.object({
  responderVersionId: uuid('Show the responder as it was in this version of it').optional(),
});

export const createChatBodySchema = z
  .object({
    channelId: uuid('The channel of the chat; null for none').nullable(),
    ownerId: uuid('The chat owner: a contact uuid'),
    title: z.string().max(500).nullable().describe('The title of the chat').meta({ example: 'Order status' }),
    responderId: uuid('The agent or squad to answer (default: the channel’s, else the workspace’s first agent)').optional(),
  })
  .strict()
  .meta({ id: 'CreateChatBody', example: { channelId: null, ownerId: UUID_EXAMPLE, title: 'Order status' } });

export const updateChatBodySchema = z
  .object({
    lastChatMessageCreatedAt: dateTimeSchema('When the last message was sent').nullable().optional(),
    title: z.string().max(500).nullable().optional(),
    status: z.enum(chatStatuses).optional().describe('Inbox state'),
    isRead: z.boolean().optional().describe('Whether the team has read the chat'),
    // Users live outside Switchboard for now: any 8-4-4-4-12 hex id is accepted, not only UUID v4.
    assigneeUserId: z
      .guid({ error: 'must be a UUID' })
      .nullable()
      .optional()
      .describe('Team member the chat is assigned to; null unassigns'),
    responderId: uuid('Hand the chat to another agent or squad (pins its current version)').optional(),
  })
  .strict()
  .meta({ id: 'UpdateChatBody', example: { title: 'Refund request', status: 'ATTENDED' } });

const inboxFields = {
  status: z.enum(chatStatuses).describe('Inbox state'),
  isRead: z.boolean().describe('Whether the team has read the latest inbound message'),
  assigneeUserId: z.guid().nullable().describe('Team member the chat is assigned to'),
};

export const chatSchema = z
  .object({
    createdAt: dateTime,
    id: uuid('The chat id'),
    isRemoved: z.boolean(),
    updatedAt: dateTime,
    channelId: z.uuid().nullable(),
    currentResponderId: z
      .uuid()
      .nullable()
      .describe('Who answers now: the team member who took over (the active ticket’s assignee, a user uuid), else the agent or squad'),
    lastChatMessageCreatedAt: z.string().nullable(),
    ownerId: z.uuid().describe('The contact the chat is with'),
    responderId: z.uuid().describe('The agent or squad assigned to the chat'),
    title: z.string().nullable(),
    workspaceId: z.uuid(),
    ...inboxFields,
  })
  .meta({ id: 'Chat' });

const role = z.enum(messageRoles).nullable();

export const chatDetailsSchema = z
  .object({
    channelId: z.uuid().nullable(),
    channelName: z.string().nullable(),
    channelType: z.enum(channelTypes).nullable(),
    createdAt: dateTime,
    id: uuid('The chat id'),
    isOwnerBlocked: z.boolean().nullable().describe('Whether the owner (a contact) is blocked'),
    isRemoved: z.boolean(),
    lastMessageContent: z.string().nullable(),
    lastMessageCreatedAt: z.string().nullable(),
    lastMessageRole: role,
    ownerEmail: z.string().nullable().describe('Set when the owner is a platform user'),
    ownerId: z.uuid(),
    ownerIdentifier: z.string().nullable().describe('The owner’s address on the chat’s channel (e.g. the WhatsApp number)'),
    ownerName: z.string().nullable(),
    penultimateMessageContent: z.string().nullable(),
    penultimateMessageCreatedAt: z.string().nullable(),
    penultimateMessageRole: role,
    responderEntity: z.enum(responderKinds),
    responderId: z.uuid(),
    responderName: z.string(),
    responderPicture: z.string().nullable(),
    responderVersionId: z.uuid().nullable(),
    responderVersionNumber: z.number().int().nullable(),
    ticketId: z.uuid().nullable(),
    ticketStatus: z
      .enum(['OPEN', 'IN_PROGRESS', 'CLOSED'])
      .nullable()
      .describe('Status of the chat’s active ticket, else of its latest closed one; null when it never had one'),
    title: z.string().nullable(),
    workspaceId: z.uuid(),
    ...inboxFields,
  })
  .meta({ id: 'ChatDetails' });

export const removedSchema = z.object({ message: z.string().meta({ example: 'The chat was removed.' }) }).meta({ id: 'ChatRemoved' });
