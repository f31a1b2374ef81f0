import { z } from 'zod';
import type { Message } from '../../modules/messages/messages.schemas.js';

export const websiteToken = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(100)
  .describe("The widget channel's public website token (the snippet's data-website-token)")
  .meta({ example: 'wt_Qm9vb2tzIGFuZCBjaGF0cw' });

export const widgetConfigSchema = z
  .object({
    locale: z
      .enum(['en', 'es'])
      .describe("The channel's default language (the widget follows the browser's when it is English or Spanish)"),
    preChatFields: z.array(z.enum(['name', 'email'])).describe('Fields to ask the visitor before their first message'),
    identityVerification: z.boolean().describe('Whether the channel can verify identifiers (it has an identity secret)'),
    agent: z
      .object({
        name: z.string().describe("The answering agent's name").meta({ example: 'Ada' }),
        picture: z.string().nullable().describe("URL of the agent's picture"),
        greeting: z.string().nullable().describe('First message the widget shows').meta({ example: 'Hi! How can I help?' }),
      })
      .describe("Who answers: the chat's responder, else the channel's"),
  })
  .meta({ id: 'WidgetConfig' });

export const configQuerySchema = z.object({ websiteToken });

export const sessionBodySchema = z
  .object({
    websiteToken,
    identifier: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe("Your user's id on your site, to link the visitor to that contact (needs identifierHash)")
      .meta({ example: 'user-42' }),
    identifierHash: z
      .string()
      .trim()
      .max(128)
      .optional()
      .describe("HMAC-SHA256 of identifier under the channel's identity secret, hex, computed on your server"),
    visitorToken: z.string().max(1000).optional().describe('The token of an earlier session, to continue as the same visitor'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Pre-chat name (used when the contact is created)')
      .meta({ example: 'Jane Doe' }),
    email: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .optional()
      .describe('Pre-chat email (used when the contact is created)')
      .meta({ example: 'jane@example.com' }),
  })
  .strict()
  .meta({ example: { websiteToken: 'wt_Qm9vb2tzIGFuZCBjaGF0cw', name: 'Jane Doe' } });

export const sessionSchema = z
  .object({
    visitorToken: z.string().describe('Send as "Authorization: Bearer <visitorToken>"; keep it to continue the conversation later'),
    expiresAt: z.string().describe('When the token expires (ISO 8601); a new session renews it'),
    visitor: z.object({
      id: z.string().describe("The visitor id (002's visitor_id)").meta({ example: 'v_0f3kQ2mX9pL7sT1uV5wY8z' }),
      contactId: z.string().describe('Uuid of the contact the visitor is'),
      name: z.string().nullable(),
      verified: z.boolean().describe('Linked to a verified identifier'),
    }),
    chat: z
      .object({ id: z.string().describe('Chat uuid'), status: z.string().meta({ example: 'UNATTENDED' }) })
      .nullable()
      .describe("The visitor's current conversation; null before their first message"),
    config: widgetConfigSchema,
  })
  .meta({ id: 'WidgetSession' });

export const widgetMessageSchema = z
  .object({
    id: z.string().describe('Message uuid'),
    chatId: z.string().describe('Chat uuid'),
    role: z.enum(['visitor', 'agent', 'operator']).describe('visitor: the visitor; agent: the AI agent; operator: a team member'),
    content: z.string().describe('Plain text: show it as text, never as HTML'),
    authorName: z.string().nullable().describe('Who wrote it, when known'),
    createdAt: z.string().describe('ISO 8601'),
  })
  .meta({ id: 'WidgetMessage' });

export const messageBodySchema = z
  .object({
    content: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4000)
      .describe("The visitor's message, plain text")
      .meta({ example: 'What are your opening hours?' }),
    clientMessageId: z.uuid().optional().describe('Your id for this message: a retry with the same id stores it once'),
  })
  .strict()
  .meta({ example: { content: 'What are your opening hours?' } });

export const messagesQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('1 = the latest messages; higher pages go back in time'),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});

export const messagesPageSchema = z
  .object({
    chatId: z.string().nullable().describe("The visitor's current chat; null before their first message"),
    messages: z.array(widgetMessageSchema).describe('Oldest first'),
    total: z.number().int().describe('Messages in the chat'),
    hasMore: z.boolean().describe('Whether an older page exists'),
  })
  .meta({ id: 'WidgetMessagesPage' });

const roles = { user: 'visitor', assistant: 'agent', operator: 'operator' } as const;

export function toWidgetMessage(message: Message): z.infer<typeof widgetMessageSchema> {
  return {
    id: message.uuid,
    chatId: message.chatUuid,
    role: roles[message.role as keyof typeof roles] ?? 'agent',
    content: message.content,
    authorName: message.sender.displayName,
    createdAt: message.createdAt.toISOString(),
  };
}

/** A message.created event's payload as stored (dates are strings once serialized). */
export function toWidgetMessageFromEvent(data: unknown): z.infer<typeof widgetMessageSchema> {
  const message = data as Message & { createdAt: string | Date };
  return toWidgetMessage({ ...message, createdAt: new Date(message.createdAt) });
}
