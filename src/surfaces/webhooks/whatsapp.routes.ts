import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { WhatsAppWebhook } from '../../integrations/whatsapp/webhook.js';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { webhookErrorSchema } from './errors.js';

const tags = ['Webhooks'];
const errors = { 400: webhookErrorSchema, 401: webhookErrorSchema, 403: webhookErrorSchema, 404: webhookErrorSchema };

export function whatsappWebhookRoutes({ inbound, inboundWebhooks }: Services): FastifyPluginAsyncZod {
  const webhook = new WhatsAppWebhook(inbound, (targets, payloadJson) => inboundWebhooks.enqueue('whatsapp', targets, payloadJson));
  return async (app) => {
    app.get(
      '/whatsapp',
      {
        // Signed by Meta: WhatsAppWebhook checks the verify token and X-Hub-Signature-256.
        config: { callers: ['public'] },
        schema: {
          tags,
          summary: 'WhatsApp webhook verification handshake',
          description:
            'Meta calls this when the webhook is configured; it answers `hub.challenge` when `hub.verify_token` is a WhatsApp channel’s verify token.',
          security: [],
          querystring: z.object({
            'hub.mode': z.string().optional().meta({ example: 'subscribe' }),
            'hub.verify_token': z.string().max(4096).optional(),
            'hub.challenge': z.string().max(4096).optional().meta({ example: '1158201444' }),
          }),
          response: { 200: z.string().describe('The challenge, as text'), ...errors },
        },
      },
      async (request, reply) => {
        const challenge = await webhook.verify(
          request.query['hub.mode'],
          request.query['hub.verify_token'],
          request.query['hub.challenge'],
        );
        return reply.type('text/plain').send(challenge);
      },
    );

    app.post(
      '/whatsapp',
      {
        // Signed by Meta: WhatsAppWebhook checks the verify token and X-Hub-Signature-256.
        config: { callers: ['public'] },
        schema: {
          tags,
          summary: 'WhatsApp Cloud API webhook (messages and delivery statuses)',
          description:
            'One URL for every WhatsApp channel, routed by `metadata.phone_number_id`. Signed with `X-Hub-Signature-256` (HMAC-SHA256 of the raw body under the channel’s app secret). The delivery is stored as received and answered 200 at once; its messages and statuses are processed in the background, usually within a second. Retries of a message are stored once.',
          security: [],
          headers: z.object({ 'x-hub-signature-256': z.string().optional().describe('sha256=<hex HMAC of the raw body>') }),
          response: {
            200: z.object({
              queued: z.number().describe('Stored for processing: one per channel the delivery routes to'),
              ignored: z.number().describe('Parts that route to no channel (other objects or fields)'),
            }),
            ...errors,
          },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('VALIDATION_FAILED', 'Send the webhook payload as the request body', { field: 'body' });
        return webhook.receive(request.body, request.headers['x-hub-signature-256'], request.log);
      },
    );
  };
}
