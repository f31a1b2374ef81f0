import { z } from 'zod';
import { channelTypes } from '../../modules/channels/channels.schemas.js';

export const channelTypeSchema = z.enum(channelTypes).describe('Kind of channel').meta({ id: 'ChannelType', example: 'whatsapp' });

const settingsSchema = z
  .record(z.string().max(100), z.unknown())
  .describe(
    'Per-type settings. whatsapp: `phoneNumber` (E.164), `phoneNumberId`, `businessAccountId`, `accessToken`, `appSecret`, `verifyToken` ' +
      '(all but businessAccountId required). Secrets (accessToken, appSecret, verifyToken, apiKey, authToken, botToken, signingSecret, ' +
      'clientSecret, password) are stored and never returned. On update the object merges; null removes a key.',
  )
  .meta({
    example: {
      phoneNumber: '+14155552671',
      phoneNumberId: '106540352242922',
      businessAccountId: '102290129340398',
      accessToken: 'EAAG...',
      appSecret: 'app-secret',
      verifyToken: 'verify-me',
    },
  });

const nameSchema = z.string().trim().min(1).max(200);
const responderIdSchema = z.uuid().nullable().describe('Uuid of the agent or squad that answers new chats on this channel');

export const createChannelBodySchema = z
  .object({
    type: channelTypeSchema,
    name: nameSchema.describe('Display name').meta({ example: 'Support WhatsApp' }),
    settings: settingsSchema.optional(),
    responderId: responderIdSchema.optional(),
  })
  .strict()
  .meta({ id: 'CreateChannelBody' });

export const updateChannelBodySchema = z
  .object({
    type: channelTypeSchema.optional().describe('Cannot change; accepted when equal'),
    name: nameSchema.optional(),
    settings: settingsSchema.optional(),
    responderId: responderIdSchema.optional(),
  })
  .strict()
  .meta({ id: 'UpdateChannelBody', example: { name: 'Sales WhatsApp', settings: { accessToken: 'EAAG-new' } } });

export const channelSchema = z
  .object({
    id: z.number().describe('Channel id').meta({ example: 3 }),
    uuid: z.uuid().describe('Channel uuid (004 `channelId`)'),
    tenantId: z.uuid().describe('Workspace id'),
    type: z.enum(channelTypes),
    name: z.string(),
    settings: z.record(z.string(), z.unknown()).describe('Settings without secrets'),
    secretsSet: z
      .array(z.string())
      .describe('Names of the secrets that are set')
      .meta({ example: ['accessToken', 'appSecret', 'verifyToken'] }),
    responderId: z.uuid().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Channel' });

export const channelListSchema = z
  .object({ items: z.array(channelSchema), nextPageToken: z.string().nullable(), totalCount: z.number() })
  .meta({ id: 'ChannelList' });
