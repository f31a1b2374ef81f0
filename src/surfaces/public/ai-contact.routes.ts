import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AiContact } from '../../modules/ai-contacts/ai-contacts.service.js';
import type { Ticket } from '../../modules/tickets/tickets.schemas.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { aiContactParams, aiContactSchema, type aiTicketSchema } from './ai-contact.schemas.js';
import { publicErrorResponses } from './errors.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

function serializeTicket(ticket: Ticket | null): z.infer<typeof aiTicketSchema> | null {
  if (!ticket) return null;
  return {
    id: ticket.uuid,
    ai_contact_id: ticket.contactUuid,
    status: ticket.status,
    created_at: ticket.createdAt.toISOString(),
    updated_at: ticket.updatedAt.toISOString(),
    ticket_summary: ticket.summary,
    metadata: ticket.metadata,
  };
}

export function serializeAiContact(contact: AiContact): z.infer<typeof aiContactSchema> {
  const activeTicket = serializeTicket(contact.activeTicket);
  return {
    id: contact.uuid,
    name: contact.name,
    email: contact.email,
    phone: contact.phone,
    platform: contact.platform as z.infer<typeof aiContactSchema>['platform'],
    created_at: contact.createdAt.toISOString(),
    last_message_at: iso(contact.lastMessageAt),
    last_message_content: contact.lastMessageContent,
    chat_status: contact.chatStatus as z.infer<typeof aiContactSchema>['chat_status'],
    is_chat_read: contact.isChatRead,
    blocked: contact.blocked,
    client_id: contact.workspaceUuid,
    ai_customer_id: contact.uuid,
    default_stage_id: contact.funnelStatusId === null ? null : String(contact.funnelStatusId),
    active_ticket_v2_id: contact.activeTicket?.uuid ?? null,
    last_closed_ticket_v2_id: contact.lastClosedTicket?.uuid ?? null,
    current_integration_data:
      contact.providerId === null && contact.providerName === null
        ? null
        : { provider_id: contact.providerId, provider_name: contact.providerName },
    metadata: contact.metadata,
    active_ticket: activeTicket,
    active_ticket_v2: activeTicket,
    last_closed_ticket: serializeTicket(contact.lastClosedTicket),
  };
}

/** 001: the AI contact. */
export function aiContactRoutes({ aiContacts }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/contact/:aiContactId/info',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags: ['AI contact'],
          summary: 'Get an AI contact: profile, chat state, active and last closed ticket',
          description:
            'The API key goes in `x-api-key` (or `Authorization: Bearer <key>`, or `Authorization: <key>`). 400 when the id is not a UUID, 404 when no contact of the workspace has it.',
          params: aiContactParams,
          response: { 200: aiContactSchema, ...publicErrorResponses },
        },
      },
      async (request) => serializeAiContact(await aiContacts.getAiContact(tenantOf(request), request.params.aiContactId.toLowerCase())),
    );
  };
}
