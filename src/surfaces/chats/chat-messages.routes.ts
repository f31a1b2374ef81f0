import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mediaMessageTypes, messageRoles } from '../../modules/messages/messages.schemas.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { messageSchema } from '../v1/messages.schemas.js';
import { serializeMessage } from '../v1/messages.serializers.js';
import { chatParams } from './chats.schemas.js';
import { chatsErrorResponses, chatsErrorSchema } from './errors.js';

const tags = ['Chats'];

const messagePageSchema = z.object({
  pageNumber: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .default(1)
    .describe('Page 1 holds the newest messages; higher pages go back in time'),
  pageSize: z.coerce.number().int().min(1).max(100).default(50).describe('The page size, 1 to 100 (default 50)'),
});

const sendMessageBodySchema = z
  .object({
    content: z
      .string()
      .max(4096)
      .default('')
      .describe('The text, or the caption of a media message')
      .meta({ example: 'Hi! How can we help?' }),
    role: z
      .enum(messageRoles)
      .default('operator')
      .describe(
        'Who writes: operator (a team member, default), assistant (the agent), system, or user (the contact, through an API or widget channel)',
      ),
    type: z
      .enum(['text', ...mediaMessageTypes])
      .optional()
      .describe('Defaults to text, or to the kind of the file'),
    fileId: z.uuid({ error: 'must be a file id from UploadMedia' }).optional().describe('A stored file to send'),
    userId: z.string().max(200).optional().describe('The team member sending'),
    metadata: z.record(z.string(), z.unknown()).optional(),
    customFields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .meta({ id: 'SendChatMessageBody', example: { content: 'Hi! How can we help?' } });

export function chatMessagesRoutes({ messages }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/chats/:id/messages',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Retrieves the messages of a chat (newest last)',
          description: 'Each page is in time order; page 1 is the latest. The total is in `X-Total-Count`.',
          params: chatParams,
          querystring: messagePageSchema,
          response: { 200: z.array(messageSchema), ...chatsErrorResponses },
        },
      },
      async (request, reply) => {
        const page = await messages.findChatMessages(tenantOf(request), request.params.id, request.query);
        reply.header('x-total-count', String(page.total));
        return page.items.map(serializeMessage);
      },
    );

    app.post(
      '/chats/:id/messages',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Sends a message in a chat',
          description:
            'Stored in the chat and made its latest message in one transaction. On a WhatsApp chat it is then sent to the contact (within 24 hours of their last message, else 422) and comes back sent or failed.',
          params: chatParams,
          body: sendMessageBodySchema,
          response: { 200: messageSchema, ...chatsErrorResponses, 409: chatsErrorSchema, 422: chatsErrorSchema },
        },
      },
      async (request) => serializeMessage(await messages.sendChatMessage(tenantOf(request), request.params.id, request.body)),
    );
  };
}
