import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { visitorOf } from './context.js';
import type { WidgetLimits } from './limits.js';
import { messageBodySchema, messagesPageSchema, messagesQuerySchema, toWidgetMessage, widgetMessageSchema } from './schemas.js';

const security = [{ visitorToken: [] }];

export function messageRoutes({ widget }: Services, limits: WidgetLimits): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/messages',
      {
        config: { callers: ['visitor'] },
        schema: {
          tags: ['Widget'],
          summary: 'Send a message as the visitor',
          description:
            "Stored as the contact's message on their chat (opened on the first one); the channel's agent answers it, and the answer arrives on GET /events.",
          security,
          body: messageBodySchema,
          response: { 200: widgetMessageSchema },
        },
      },
      async (request, reply) => {
        const visitor = visitorOf(request);
        limits.message(visitor.visitorId, reply);
        return toWidgetMessage(await widget.sendMessage(visitor, request.body));
      },
    );

    app.get(
      '/messages',
      {
        config: { callers: ['visitor'] },
        schema: {
          tags: ['Widget'],
          summary: "The visitor's conversation",
          description: 'Page 1 is the latest pageSize messages, oldest first; higher pages go back in time.',
          security,
          querystring: messagesQuerySchema,
          response: { 200: messagesPageSchema },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const found = await widget.findMessages(visitorOf(request), { pageNumber: page, pageSize });
        return {
          chatId: found.chatId,
          messages: found.items.map(toWidgetMessage),
          total: found.total,
          hasMore: page * pageSize < found.total,
        };
      },
    );
  };
}
