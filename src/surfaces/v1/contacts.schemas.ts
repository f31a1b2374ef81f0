import { dateTimeSchema } from '../../shared/dates.js';
import { z } from 'zod';
import { pageSchema } from './paging.schemas.js';
import { channelTypes } from '../../modules/contacts/contacts.schemas.js';
import { customFieldValuesSchema } from '../../modules/custom-fields/custom-fields.schemas.js';
import { filterOperators } from '../../shared/list-query.js';
import { MAX_PAGE_SIZE } from '../../shared/paging.js';

const text = (description: string, example?: string) =>
  z
    .string()
    .max(1000)
    .nullable()
    .optional()
    .describe(description)
    .meta(example ? { example } : {});
const id = (description: string) => z.number().int().positive().nullable().optional().describe(description);

export const channelTypeSchema = z
  .preprocess((value) => (typeof value === 'string' ? value.toUpperCase() : value), z.enum(channelTypes))
  .describe('Channel the address reaches the contact on')
  .meta({ id: 'ContactChannelType', example: 'WHATSAPP' });

export const newAddressSchema = z
  .object({
    channelType: channelTypeSchema,
    address: z.string().max(320).describe('Phone numbers are stored in E.164, emails lower-cased').meta({ example: '+56912345678' }),
  })
  .strict()
  .meta({ id: 'NewContactAddress' });

const contactWriteFields = {
  userId: id('Team member who owns the contact'),
  customFields: customFieldValuesSchema.optional(),
  providerId: text('Id of the contact in an external system'),
  providerName: text('Name of that external system', 'hubspot'),
  nationalId: text('National identity number'),
  firstName: text('First name', 'Jane'),
  lastName: text('Last name', 'Doe'),
  email: z.string().max(320).nullable().optional().describe('Deprecated: sets the first EMAIL address; use `addresses`'),
  phone: z.string().max(64).nullable().optional().describe('Deprecated: sets the first PHONE address; use `addresses`'),
  contactCompanyId: id('Company the contact works at (must exist in the workspace)'),
  companyPosition: text('Position at the company', 'CTO'),
  metadata: z.unknown().optional().describe('Free-form JSON kept as given'),
  addresses: z.array(newAddressSchema).max(50).optional().describe('Replaces all addresses when given'),
};

export const createContactBodySchema = z
  .object({
    ...contactWriteFields,
    createdAt: dateTimeSchema('Original creation time, for imports').optional(),
  })
  .strict()
  .meta({
    id: 'CreateContactBody',
    example: {
      // Accepted by a new workspace as it is ("Try it out" sends it): customFields need their definitions first.
      firstName: 'Jane',
      lastName: 'Doe',
      companyPosition: 'CTO',
      addresses: [
        { address: '+56912345678', channelType: 'PHONE' },
        { address: 'jane@example.com', channelType: 'EMAIL' },
      ],
    },
  });

export const updateContactBodySchema = z
  .object({
    ...contactWriteFields,
    // Echoed by clients that send back what they read (003's sample does); ignored.
    id: z.number().optional().describe('Ignored'),
    uuid: z.string().optional().describe('Ignored'),
    archivedAt: z.string().nullable().optional().describe('Ignored: use the archive and unarchive routes'),
    blocked: z.boolean().optional().describe('Ignored: use the block and unblock routes'),
    tenantId: z.string().optional().describe('Ignored'),
    createdAt: z.string().optional().describe('Ignored'),
    updatedAt: z.string().optional().describe('Ignored'),
  })
  .strict()
  .meta({ id: 'UpdateContactBody', example: { firstName: 'Janet', customFields: { priority: 'high' } } });

export const contactAddressSchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    contactId: z.number(),
    channelType: z.enum(channelTypes),
    address: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ContactAddress' });

export const contactSchema = z
  .object({
    id: z.number().describe('Contact id'),
    uuid: z.uuid().describe('The contact as the Chats and support APIs name it (their ownerId and lead_id)'),
    tenantId: z.string().describe('Workspace id'),
    providerId: z.string().nullable(),
    providerName: z.string().nullable(),
    nationalId: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string().nullable().describe('Deprecated: the first EMAIL address'),
    phone: z.string().nullable().describe('Deprecated: the first PHONE address'),
    userId: z.number().nullable(),
    contactCompanyId: z.number().nullable(),
    companyPosition: z.string().nullable(),
    metadata: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
    archivedAt: z.string().nullable().describe('Set when the contact is archived'),
    blocked: z
      .boolean()
      .describe('A blocked contact’s messages are stored but never answered by an agent and reopen no chat (block and unblock routes)'),
    customFields: z.record(z.string(), z.unknown()),
    addresses: z.array(contactAddressSchema),
  })
  .meta({ id: 'Contact' });

export const contactListSchema = pageSchema(contactSchema, 'Contacts', 'ContactList');

const booleanLike = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const searchContactsBodySchema = z
  .object({
    search: z.string().max(200).optional().describe('Words that must all appear in the name, ids or addresses'),
    filters: z
      .array(
        z
          .object({
            field: z
              .string()
              .max(100)
              .describe(
                'A contact field (`uuid`, `firstName`, …), `email`, `phone`, `addresses.address`, `addresses.channelType` or `customFields.<key>`',
              ),
            operator: z.enum(filterOperators),
            value: z.unknown().optional().describe('A list for `in`; true/false for `exists`'),
            or: z.boolean().optional().describe('OR with the previous filter instead of AND (AND binds tighter)'),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    sort: z
      .array(z.object({ field: z.string().max(100), direction: z.enum(['asc', 'desc']).default('asc') }).strict())
      .max(3)
      .optional(),
    size: z.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe(`Page size, 1 to ${MAX_PAGE_SIZE} (default 20)`),
    pageToken: z.string().max(2000).optional(),
    includeArchived: booleanLike.optional(),
    includeTotalCount: booleanLike.optional(),
  })
  .strict()
  .meta({
    id: 'SearchContactsBody',
    example: {
      filters: [{ field: 'addresses.address', operator: 'eq', value: '+56912345678' }],
      sort: [{ field: 'createdAt', direction: 'desc' }],
      size: 20,
      includeTotalCount: true,
    },
  });

export const searchedContactSchema = contactSchema
  .omit({ id: true, userId: true, contactCompanyId: true })
  .extend({
    id: z.string().describe('Contact id, as a string'),
    modelType: z.literal('Contact'),
    eventSequence: z.number().describe('Increments on every change of the contact'),
    eventTimestamp: z.string().describe('Time of the last change'),
    userId: z.string().nullable(),
    contactCompanyId: z.string().nullable(),
  })
  .meta({ id: 'SearchedContact' });

export const searchContactsResultSchema = z
  .object({
    items: z.array(searchedContactSchema),
    nextPageToken: z.string().nullable(),
    totalCount: z.number().optional().describe('Present when includeTotalCount is true'),
  })
  .meta({ id: 'SearchContactsResult' });
