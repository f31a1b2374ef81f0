import { dateTimeSchema } from '../../shared/dates.js';
import { z } from 'zod';
import { customFieldValuesSchema } from '../custom-fields/custom-fields.schemas.js';

/**
 * The items of conversation writes (Create, BulkCreate, BulkUpdate, PUT). Bulk items are
 * validated here one by one, so a bad item is reported with its index instead of failing
 * the request; the single-item routes use the same schemas.
 */

const id = (description: string) =>
  z
    .number()
    .int('must be a whole number')
    .positive('must be positive')
    .max(Number.MAX_SAFE_INTEGER)
    .describe(description)
    .meta({ example: 42 });
/** Contact text fields: null means "not given", like absent (matched contacts keep their value). */
const contactText = (description: string, example?: string) =>
  z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .describe(description)
    .meta(example ? { example } : {});

const contactFields = {
  firstName: contactText('First name', 'Jane'),
  lastName: contactText('Last name', 'Doe'),
  phones: z
    .array(z.string().max(64))
    .max(20)
    .optional()
    .describe('Phone numbers; stored in E.164 and matched on any phone-like channel')
    .meta({ example: ['+56912345678'] }),
  emails: z
    .array(z.string().max(320))
    .max(20)
    .optional()
    .describe('Emails; stored lower-cased')
    .meta({ example: ['jane@example.com'] }),
  nationalId: contactText('National identity number'),
  companyPosition: contactText('Position at the company', 'CTO'),
  customFields: customFieldValuesSchema.optional().describe('Values keyed by CONTACT custom field `fieldKey`; null removes a value'),
  userId: id('Team member who owns the contact').nullish(),
};

export const conversationContactSchema = z
  .object(contactFields)
  .strict()
  .describe('The contact: matched to an existing one by any of its phones or emails and updated, else created')
  .meta({ id: 'BulkConversationContactCreateParams' });

export const conversationContactUpdateSchema = z
  .object({
    ...contactFields,
    id: id('Move the conversation to this contact (and update it); without it the current contact is updated').optional(),
  })
  .strict()
  .meta({ id: 'BulkConversationContactUpdateParams' });

const writeFields = {
  createdAt: dateTimeSchema('Original creation time, for imports').optional(),
  userId: id('Team member handling the conversation').nullish(),
  funnelStatusId: id('Status of the funnel the conversation is in; null for none').nullish(),
  archivedAt: dateTimeSchema('When the conversation was archived; null un-archives').nullish(),
  customFields: customFieldValuesSchema
    .optional()
    .describe('Values keyed by FUNNEL_CONVERSATION custom field `fieldKey`; null removes a value'),
};

export const createConversationItemSchema = z
  .object({
    ...writeFields,
    funnelId: id('Funnel the conversation belongs to'),
    funnelStatusId: id("Status of the funnel; absent puts the conversation in the funnel's first status, null in none").nullish(),
    contactId: id('Attach this contact, bypassing address matching').optional(),
    contact: conversationContactSchema.optional(),
  })
  .strict()
  .meta({ id: 'BulkSingleConversationCreateParams' });

export const updateConversationFields = {
  ...writeFields,
  funnelId: id('Move the conversation to this funnel (to its first status unless funnelStatusId is given)').optional(),
  contact: conversationContactUpdateSchema.optional(),
};

export const updateConversationItemSchema = z
  .object({ id: id('The conversation to update'), ...updateConversationFields })
  .strict()
  .meta({ id: 'BulkSingleConversationUpdateParams' });

export type CreateConversationItem = z.infer<typeof createConversationItemSchema>;
export type UpdateConversationItem = z.infer<typeof updateConversationItemSchema>;
export type ConversationContactInput = z.infer<typeof conversationContactUpdateSchema>;
