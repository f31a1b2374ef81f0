import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { AppError } from '../../shared/errors.js';
import { webhookErrorSchema } from './errors.js';

const tags = ['Webhooks'];
const errors = { 400: webhookErrorSchema, 401: webhookErrorSchema };

function bodyOf(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) throw new AppError('VALIDATION_FAILED', 'Send the provider’s payload as the request body', { field: 'body' });
  return body;
}

/** Vapi server messages and Twilio voice callbacks (docs/voice.md). */
export function voiceWebhookRoutes({ vapiEvents, twilioEvents }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/vapi',
      {
        // Authenticated by the shared secret Vapi sends (VapiEvents.authenticate).
        config: { callers: ['public'] },
        schema: {
          tags,
          summary: 'Vapi server messages (status-update, end-of-call-report, hang, transcript, tool-calls)',
          description:
            'Set as the assistant’s server URL (Switchboard does so for the calls it starts). Requests must carry VAPI_WEBHOOK_SECRET as `X-Vapi-Secret` or `Authorization: Bearer`. Repeated and out-of-order messages never move a call backwards; `tool-calls` is answered with `{results}`.',
          security: [],
          response: {
            200: z.union([
              z.object({ received: z.boolean(), ignored: z.string().optional() }),
              z.object({
                results: z.array(z.object({ toolCallId: z.string(), result: z.string().optional(), error: z.string().optional() })),
              }),
            ]),
            ...errors,
          },
        },
      },
      async (request) => {
        vapiEvents.authenticate(request.headers);
        return vapiEvents.receive(bodyOf(request.body));
      },
    );

    app.post(
      '/twilio/voice',
      {
        // Signed by Twilio: TwilioEvents checks X-Twilio-Signature with the auth token.
        config: { callers: ['public'] },
        schema: {
          tags,
          summary: 'Twilio voice status and recording callbacks',
          description:
            'Switchboard sets this URL as the StatusCallback and recordingStatusCallback of the bridge calls it starts. Form-encoded, signed with `X-Twilio-Signature` over PUBLIC_BASE_URL + path.',
          security: [],
          headers: z.object({ 'x-twilio-signature': z.string().optional() }),
          response: { 200: z.object({ received: z.boolean(), ignored: z.string().optional() }), ...errors },
        },
      },
      async (request) => twilioEvents.receive(bodyOf(request.body), request.url, request.headers['x-twilio-signature']),
    );
  };
}
