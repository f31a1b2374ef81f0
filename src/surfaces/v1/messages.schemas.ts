import { z } from 'zod';
import { messageDirections, messageRoles, messageStatuses, messageTypes } from '../../modules/messages/messages.schemas.js';

const PHONE_EXAMPLE = '+14155552671';
const FROM_EXAMPLE = '+56912345678';
const anyRecord = z.record(z.string(), z.unknown());

const processingStepSchema = z.object({
  errorMessage: z.string().nullable(),
  processedAt: z.string().nullable(),
  content: z.string().nullable(),
  status: z.string(),
});
const mediaProcessingSchema = z
  .object({ textRepresentation: processingStepSchema, summary: processingStepSchema })
  .nullable()
  .describe('Transcription and summary of media: null until media processing exists');

const participantSchema = z
  .object({
    providerId: z.string().nullable().describe('The provider’s id of the participant (WhatsApp wa_id or phone number id)'),
    address: z.string().nullable().describe('Phone number (E.164) or handle').meta({ example: PHONE_EXAMPLE }),
    role: z.enum(messageRoles).describe('user (the contact), assistant (an agent or squad), operator (a team member) or system'),
    displayName: z.string().nullable(),
    metadata: anyRecord,
  })
  .meta({ id: 'MessageParticipant' });

const attachmentSchema = z
  .object({
    id: z.string().describe('The stored file id, else the provider’s media id'),
    type: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
    url: z.string().nullable().describe('Where to download the file with your API key; null while only the provider holds it'),
    unsignedUrl: z.string().nullable(),
    metadata: anyRecord.describe('fileName, contentType, size, providerMediaId'),
    mediaProcessing: mediaProcessingSchema,
    isCacheable: z.boolean(),
  })
  .meta({ id: 'MessageAttachment' });

export const messageSchema = z
  .object({
    id: z.uuid().describe('Message id'),
    tenantId: z.uuid().describe('Workspace id'),
    conversationId: z.uuid().describe('The chat the message belongs to'),
    funnelConversationId: z.number().nullable().describe('The funnel conversation, when the chat is linked to one'),
    sessionId: z.number().describe('The chat’s numeric id'),
    providerId: z
      .string()
      .nullable()
      .describe('The provider’s message id (WhatsApp wamid…)')
      .meta({ example: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA' }),
    contactId: z.number().describe('The contact the chat is with'),
    userId: z.string().nullable().describe('The team member who sent it'),
    content: z.string(),
    status: z.enum(messageStatuses),
    direction: z.enum(messageDirections),
    channel: z.string().nullable().describe('The chat’s channel type').meta({ example: 'whatsapp' }),
    type: z.enum(messageTypes),
    role: z.enum(messageRoles),
    sender: participantSchema,
    recipient: participantSchema,
    attachments: z.array(attachmentSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    metadata: anyRecord,
    errors: z.array(
      z.object({ code: z.number(), title: z.string(), message: z.string(), href: z.string().nullable(), provider: z.string() }),
    ),
    customFields: anyRecord,
    mediaProcessing: mediaProcessingSchema,
  })
  .meta({ id: 'Message' });

const e164 = (description: string, example: string) =>
  z
    .string()
    .regex(/^\+[1-9]\d{1,14}$/, 'must be a phone number in E.164, e.g. +14155552671')
    .describe(`${description}, in E.164`)
    .meta({ example });

export const createMessageBodySchema = z
  .object({
    fromPhoneNumber: e164('The WhatsApp channel’s number', FROM_EXAMPLE),
    toPhoneNumber: e164('The contact’s WhatsApp number', PHONE_EXAMPLE),
    userId: z.string().max(200).optional().describe('The team member sending'),
    content: z.string().max(4096).describe('The text, or the caption of a media message').meta({ example: 'Your order has shipped.' }),
    type: z
      .enum(messageTypes.filter((type) => type !== 'template') as [string, ...string[]])
      .describe('text, or image/audio/video/document/sticker with a fileId'),
    customFields: anyRecord.optional(),
    fileId: z.uuid({ error: 'must be a file id from UploadMedia' }).optional(),
  })
  .strict()
  .meta({
    id: 'CreateWhatsAppMessageBody',
    example: { fromPhoneNumber: FROM_EXAMPLE, toPhoneNumber: PHONE_EXAMPLE, content: 'Your order has shipped.', type: 'text' },
  });

const text = z.string().min(1).max(1024);
const mediaLink = z.union([
  z.strictObject({ link: z.url(), filename: z.string().max(240).optional() }),
  z.strictObject({ id: z.string().min(1), filename: z.string().max(240).optional() }),
]);
const textParameter = z.strictObject({ type: z.literal('text'), text, parameter_name: z.string().max(100).optional() });
const currencyParameter = z.strictObject({
  type: z.literal('currency'),
  currency: z.strictObject({ fallback_value: z.string().max(100), code: z.string().length(3), amount_1000: z.number().int() }),
});
const dateTimeParameter = z.strictObject({
  type: z.literal('date_time'),
  date_time: z.strictObject({ fallback_value: z.string().max(100) }),
});
const headerParameter = z.discriminatedUnion('type', [
  textParameter,
  currencyParameter,
  dateTimeParameter,
  z.strictObject({ type: z.literal('image'), image: mediaLink }),
  z.strictObject({ type: z.literal('document'), document: mediaLink }),
  z.strictObject({ type: z.literal('video'), video: mediaLink }),
  z.strictObject({
    type: z.literal('location'),
    location: z.strictObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }),
  }),
]);
const buttonParameter = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('payload'), payload: z.string().min(1).max(1000) }),
  textParameter,
  z.strictObject({ type: z.literal('coupon_code'), coupon_code: z.string().min(1).max(15) }),
]);

export const templateComponentSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('header'), parameters: z.array(headerParameter).max(1) }),
    z.strictObject({
      type: z.literal('body'),
      parameters: z.array(z.discriminatedUnion('type', [textParameter, currencyParameter, dateTimeParameter])).max(100),
    }),
    z.strictObject({
      type: z.literal('button'),
      sub_type: z.enum(['quick_reply', 'url', 'copy_code']),
      index: z.union([z.number().int().min(0).max(9), z.string().regex(/^\d$/)]),
      parameters: z.array(buttonParameter).max(1),
    }),
  ])
  .meta({ id: 'WhatsAppTemplateMessageComponent' });

export const createTemplateMessageBodySchema = z
  .object({
    fromPhoneNumber: e164('The WhatsApp channel’s number', FROM_EXAMPLE),
    toPhoneNumber: e164('The contact’s WhatsApp number', PHONE_EXAMPLE),
    userId: z.string().max(200).optional(),
    templateName: z
      .string()
      .min(1)
      .max(512)
      .regex(/^[a-z0-9_]+$/, 'must be a WhatsApp template name (lower case letters, digits and _)')
      .meta({ example: 'order_update' }),
    languageCode: z
      .string()
      .regex(/^[a-z]{2,3}(_[A-Z]{2,3})?$/, 'must be a WhatsApp language code such as en or en_US')
      .meta({ example: 'en_US' }),
    variables: z
      .array(z.strictObject({ value: text }))
      .max(100)
      .optional()
      .describe('Body text parameters, in order (use either this or components)'),
    components: z.array(templateComponentSchema).max(20).optional().describe('Full WhatsApp components (use either this or variables)'),
    customFields: anyRecord.optional(),
  })
  .strict()
  .meta({
    id: 'CreateWhatsAppTemplateMessageBody',
    // Documents the one-of rule the service checks: variables or components, not both.
    not: { required: ['variables', 'components'] },
    example: {
      fromPhoneNumber: FROM_EXAMPLE,
      toPhoneNumber: PHONE_EXAMPLE,
      templateName: 'order_update',
      languageCode: 'en_US',
      variables: [{ value: 'Jane' }, { value: '#12345' }],
    },
  });

export const uploadMediaBodySchema = z
  .object({
    fileName: z.string().min(1).max(240).optional().meta({ example: 'invoice.pdf' }),
    contentType: z.string().max(200).optional().describe('One of the types WhatsApp accepts').meta({ example: 'application/pdf' }),
    fileId: z.uuid({ error: 'must be a file id from UploadMedia' }).optional().describe('Upload a file stored before (instead of content)'),
    fromPhoneNumber: e164('The WhatsApp channel’s number', FROM_EXAMPLE),
    content: z.string().optional().describe('The file bytes in base64 (with fileName and contentType)'),
    tags: z.record(z.string().max(100), z.string().max(500)).optional(),
  })
  .strict()
  .meta({
    id: 'UploadMediaBody',
    // Documents the one-of rule the service checks: the bytes (with fileName and contentType), or a stored fileId.
    oneOf: [{ required: ['content', 'fileName', 'contentType'] }, { required: ['fileId'] }],
    example: { fileName: 'hello.txt', contentType: 'text/plain', fromPhoneNumber: FROM_EXAMPLE, content: 'aGVsbG8=' },
  });

export const uploadedMediaSchema = z
  .object({
    url: z.string().describe('Where to download the file with your API key'),
    size: z.number(),
    fileName: z.string(),
    contentType: z.string(),
    fileId: z.uuid(),
    mediaId: z.string().describe('WhatsApp’s media id for the channel’s number'),
    tags: z.record(z.string(), z.string()),
  })
  .meta({ id: 'UploadedMedia' });

export const messageIdParams = z.object({
  messageId: z
    .string()
    .regex(
      /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|wamid\.[\w=+/-]{1,500})$/,
      'must be a message id (UUID) or a WhatsApp wamid',
    )
    .describe('The message id, or the provider’s wamid…'),
});

export const fileIdParams = z.object({ fileId: z.uuid({ error: 'must be a file id' }).describe('The file id') });
