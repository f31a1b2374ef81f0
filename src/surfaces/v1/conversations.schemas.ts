import { uuidPathId } from './params.js';
import { z } from 'zod';
import { pageSchema } from './paging.schemas.js';
import { channelTypes } from '../../modules/contacts/contacts.schemas.js';
import {
  createConversationItemSchema,
  updateConversationFields,
  updateConversationItemSchema,
} from '../../modules/conversations/conversation-items.js';
import { MAX_BULK_ITEMS } from '../../modules/conversations/conversations.schemas.js';
import { listQueryStringSchema } from '../../shared/list-query.js';
import { MAX_PAGE_SIZE } from '../../shared/paging.js';
import { contactSchema } from './contacts.schemas.js';

/** The v1 wire shapes of funnel conversations (003's Create, BulkCreate and BulkUpdate). */

export const channelSessionSchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    funnelConversationId: z.number(),
    funnelAddressId: z.number().nullable(),
    contactAddressId: z.number().nullable(),
    archivedAt: z.string().nullable(),
    startTime: z.string().nullable(),
    endTime: z.string().nullable(),
    channelType: z.enum(channelTypes),
    messagingConversationId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('A session of the conversation on one channel')
  .meta({ id: 'FunnelChannelSession' });

export const conversationSchema = z
  .object({
    id: z.number().describe('Conversation id'),
    tenantId: z.string().describe('The workspace id'),
    contactId: z.number(),
    userId: z.number().nullable().describe('Team member handling the conversation'),
    funnelId: z.number(),
    funnelStatusId: z.number().nullable(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    channelSessions: z
      .array(channelSessionSchema)
      .describe('Sessions on messaging channels (empty until the conversation is joined to a chat)'),
    contacts: z.array(contactSchema).describe("The conversation's contact, with its addresses"),
    customFields: z.record(z.string(), z.unknown()).describe('Values keyed by FUNNEL_CONVERSATION custom field `fieldKey`'),
  })
  .meta({ id: 'FunnelConversation' });

export const conversationListSchema = pageSchema(conversationSchema, 'Conversations', 'FunnelConversationList');

const booleanLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const conversationListQuerySchema = listQueryStringSchema(MAX_PAGE_SIZE).extend({
  includeArchived: booleanLike.optional().describe('Also list archived conversations (default false)'),
});

export const createConversationBodySchema = createConversationItemSchema;

export const updateConversationBodySchema = z
  .object({
    ...updateConversationFields,
    // Echoed by clients that send back what they read; ignored.
    id: z.number().optional().describe('Ignored: the id in the path wins'),
    tenantId: z.string().optional().describe('Ignored'),
    updatedAt: z.string().optional().describe('Ignored'),
  })
  .strict()
  .meta({ id: 'UpdateFunnelConversationBody', example: { funnelStatusId: 32, customFields: { budget: 5000 } } });

const bulkItems = (item: z.ZodType, verb: string) =>
  z
    .array(z.union([item, z.unknown()]))
    .max(MAX_BULK_ITEMS)
    .describe(
      `Up to ${MAX_BULK_ITEMS} conversations to ${verb}. Each is validated on its own: the valid ones are written, the others reported by index.`,
    );

export const bulkCreateBodySchema = z
  .object({ conversations: bulkItems(createConversationItemSchema, 'create') })
  .strict()
  .meta({
    id: 'BulkCreateConversationsBody',
    example: {
      conversations: [
        {
          funnelId: 7,
          customFields: { source: 'web' },
          contact: { firstName: 'Jane', lastName: 'Doe', phones: ['+56912345678'], emails: ['jane@example.com'] },
        },
        { funnelId: 7, funnelStatusId: 32, contactId: 1201 },
      ],
    },
  });

export const bulkUpdateBodySchema = z
  .object({ conversations: bulkItems(updateConversationItemSchema, 'update') })
  .strict()
  .meta({
    id: 'BulkUpdateConversationsBody',
    example: {
      conversations: [
        { id: 5012, funnelStatusId: 33 },
        { id: 5013, archivedAt: '2025-03-02T10:00:00Z' },
      ],
    },
  });

const bulkIssueSchema = z
  .object({
    field: z.string().describe("The item's field, e.g. `contact.phones[0]`"),
    message: z.string(),
    code: z.enum(['REQUIRED_FIELD', 'INVALID_VALUE', 'NOT_FOUND', 'DUPLICATE']),
    context: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'BulkIssue' });

export const bulkResultSchema = z
  .object({
    message: z.string(),
    operationId: z.string().describe('Identifies the operation: GET /conversations/bulk/{operationId} returns this report again'),
    report: z.object({
      itemsIssues: z
        .array(
          z.object({
            index: z.number().describe('Position of the item in the request'),
            itemId: z.number().nullable().describe('The conversation created or updated; null when the item was not written'),
            errors: z.array(bulkIssueSchema).describe('Why the item was not written'),
            warnings: z.array(bulkIssueSchema).describe('Written, but worth a look (e.g. DUPLICATE: the contact matched an existing one)'),
            existingEntities: z.record(z.string(), z.unknown()).describe('Records the item matched, e.g. `contactId`, `duplicateOfIndex`'),
          }),
        )
        .describe('The items with errors or warnings'),
      batchErrors: z.array(bulkIssueSchema),
      counts: z.object({
        successful: z.number().describe('Items written'),
        warnings: z.number().describe('Items written with warnings'),
        duplicates: z.number().describe('Items flagged DUPLICATE'),
        errors: z.number().describe('Items not written'),
        total: z.number(),
      }),
    }),
  })
  .meta({ id: 'BulkConversationsResult' });

export const operationParams = z.object({
  operationId: uuidPathId('must be an operationId (a UUID)').describe('The operationId a bulk request returned'),
});
