import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CaptureRow } from '../../modules/captures/captures.service.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { chatParams } from './chats.schemas.js';
import { chatsErrorResponses } from './errors.js';

const chatCaptureSchema = z
  .object({
    name: z.string().nullable().describe('Name the customer gave').meta({ example: 'Ana Pérez' }),
    email: z.string().nullable().describe('Email, lower-cased').meta({ example: 'ana.perez@example.com' }),
    phone: z.string().nullable().describe('Phone in E.164').meta({ example: '+56912345678' }),
    company: z.string().nullable().describe('Company the customer works for'),
    details: z.record(z.string(), z.unknown()).describe('Every captured field, including custom ones'),
    capturedAt: z.string().nullable().describe('When the agent last captured something (ISO 8601)'),
  })
  .meta({ id: 'ChatCapture' });

const chatCapturesSchema = z
  .object({ items: z.array(chatCaptureSchema).describe('One per agent that captured something, oldest first') })
  .meta({ id: 'ChatCaptures' });

function serializeChatCapture(row: CaptureRow): z.infer<typeof chatCaptureSchema> {
  return {
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    details: row.contactData,
    capturedAt: row.contactCapturedAt?.toISOString() ?? null,
  };
}

/** What the agents captured of the customer in a chat (the inbox shows it beside the chat). */
export function chatCapturesRoutes({ captures }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/chats/:id/captures',
      {
        config: { callers: ['api_key', 'user'] },
        schema: {
          tags: ['Chats'],
          summary: 'List what the agents captured of the customer in a chat',
          params: chatParams,
          response: { 200: chatCapturesSchema, ...chatsErrorResponses },
        },
      },
      async (request) => ({
        items: (await captures.findChatCaptures(tenantOf(request), request.params.id)).map(serializeChatCapture),
      }),
    );
  };
}
