import { z } from 'zod';
import { pageSchema } from './paging.schemas.js';
import { deliveryStatuses } from '../../modules/webhooks/webhooks.schemas.js';
import { numericId } from './params.js';

const time = (description: string) => z.string().nullable().describe(`${description} (ISO 8601)`);

const eventTypesSchema = z
  .array(z.string().max(100))
  .min(1)
  .max(50)
  .describe('Event types to receive: exact (`contact.created`), a wildcard segment (`*.deleted`), a prefix (`contact.*`), or `*` for all')
  .meta({ example: ['contact.*', 'company.created'] });

const urlSchema = z
  .string()
  .max(2000)
  .describe('The endpoint that receives the POSTs. Private, loopback, link-local and metadata addresses are refused.')
  .meta({ example: 'https://example.com/hooks/switchboard' });

const descriptionSchema = z.string().max(500).nullable().optional().describe('A note for your team').meta({ example: 'CRM sync' });

export const createWebhookBodySchema = z
  .object({
    url: urlSchema,
    eventTypes: eventTypesSchema,
    description: descriptionSchema,
    enabled: z.boolean().optional().describe('Default true'),
  })
  .strict()
  .meta({
    id: 'CreateWebhookBody',
    example: { url: 'https://example.com/hooks/switchboard', eventTypes: ['contact.*'], description: 'CRM sync' },
  });

export const updateWebhookBodySchema = z
  .object({
    url: urlSchema.optional(),
    eventTypes: eventTypesSchema.optional(),
    description: descriptionSchema,
    enabled: z.boolean().optional().describe('false stops deliveries (pending ones fail); true resumes and clears the failure record'),
  })
  .strict()
  .meta({ id: 'UpdateWebhookBody', example: { enabled: true } });

export const webhookSchema = z
  .object({
    id: z.number().describe('Webhook id'),
    url: z.string(),
    description: z.string().nullable(),
    eventTypes: z.array(z.string()),
    enabled: z.boolean().describe('Disabled webhooks receive nothing; see disabledReason'),
    disabledAt: time('When it was disabled'),
    disabledReason: z.string().nullable().describe('Disabled through the API, or after failing for too long'),
    consecutiveFailures: z.number().int().describe('Failed attempts since the last success'),
    failingSince: time('First failure since the last success'),
    lastSuccessAt: time('Last successful delivery'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });

export const webhookWithSecretSchema = webhookSchema
  .extend({
    secret: z.string().describe('The signing secret. Shown only in this response: store it now.').meta({ example: 'whsec_5Yf0...' }),
  })
  .meta({ id: 'WebhookWithSecret' });

export const webhookPageSchema = pageSchema(webhookSchema, 'Webhooks', 'WebhookPage');

export const deliverySchema = z
  .object({
    id: z.number().describe('Delivery id, also sent as Switchboard-Delivery-Id'),
    webhookId: z.number(),
    eventId: z.string().describe("The event's stable id: the body's `id` and the Switchboard-Event-Id header, the same on every attempt"),
    eventType: z.string().meta({ example: 'contact.created' }),
    status: z
      .enum(deliveryStatuses)
      .describe('pending: an attempt is scheduled; succeeded; failed: retries ran out or the webhook was disabled'),
    attempts: z.number().int(),
    nextAttemptAt: time('When the next attempt is due'),
    lastAttemptAt: time('When the last attempt was made'),
    lastResponseStatus: z.number().int().nullable().describe('HTTP status of the last answer'),
    lastResponseBody: z.string().nullable().describe('The first 2 KB of the last answer'),
    lastError: z.string().nullable().describe('Why the last attempt failed'),
    lastDurationMs: z.number().int().nullable(),
    deliveredAt: time('When an attempt succeeded'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });

export const deliveryPageSchema = pageSchema(deliverySchema, 'Deliveries', 'WebhookDeliveryPage');

export const deliveryParams = z.object({ id: numericId('Webhook id'), deliveryId: numericId('Delivery id') });
