import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ticket } from '../../modules/tickets/tickets.schemas.js';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { v1ErrorResponses, v1ErrorSchema } from './errors.js';
import {
  assignTicketBodySchema,
  createTicketBodySchema,
  ticketListQuerySchema,
  ticketListSchema,
  ticketParams,
  ticketSchema,
  updateTicketBodySchema,
} from './tickets.schemas.js';

const tags = ['Tickets'];
const writeErrors = { ...v1ErrorResponses, 409: v1ErrorSchema };
const iso = (date: Date | null) => date?.toISOString() ?? null;
const toDate = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export function serializeTicket(ticket: Ticket): z.infer<typeof ticketSchema> {
  return {
    id: ticket.uuid,
    tenantId: ticket.tenantId,
    chatId: ticket.chatUuid,
    contactId: ticket.contactId,
    contactUuid: ticket.contactUuid,
    status: ticket.status,
    reason: ticket.reason,
    summary: ticket.summary,
    handoffCount: ticket.handoffCount,
    assigneeUserId: ticket.assigneeUserId,
    assigneeUserUuid: ticket.assigneeUserUuid,
    metadata: ticket.metadata,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    closedAt: iso(ticket.closedAt),
  };
}

/** Tickets: human handoffs (`/api/v1/tickets`). Every status change goes through the tickets module's state machine. */
export function ticketsRoutes({ tickets }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tickets',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'List tickets (newest first)',
          querystring: ticketListQuerySchema,
          response: { 200: ticketListSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { limit, pageToken, status, chatId, createdAfter, createdBefore, ...filters } = request.query;
        const page = await tickets.findTickets(
          tenantOf(request),
          { ...filters, statuses: status, chatUuid: chatId, createdAfter: toDate(createdAfter), createdBefore: toDate(createdBefore) },
          { limit, pageToken },
        );
        return { nextPageToken: page.nextPageToken, totalCount: page.totalCount ?? 0, items: page.items.map(serializeTicket) };
      },
    );

    app.post(
      '/tickets',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Hand a chat to the team (manual handoff)',
          description:
            'Opens a ticket on the chat, makes the chat UNATTENDED and pauses its agent. When the chat already has an active ticket, this request is added to it (summary appended, handoffCount + 1) and that ticket comes back with status 200 instead of 201.',
          body: createTicketBodySchema,
          response: { 200: ticketSchema, 201: ticketSchema, ...writeErrors },
        },
      },
      async (request, reply) => {
        const { chatId, ...input } = request.body;
        const { ticket, created } = await tickets.createTicket(tenantOf(request), { ...input, chatUuid: chatId });
        return reply.status(created ? 201 : 200).send(serializeTicket(ticket));
      },
    );

    app.get(
      '/tickets/:ticketId',
      {
        config: { callers: ['api_key'] },
        schema: { tags, summary: 'Get a ticket', params: ticketParams, response: { 200: ticketSchema, ...v1ErrorResponses } },
      },
      async (request) => serializeTicket(await tickets.getTicket(tenantOf(request), request.params.ticketId)),
    );

    app.put(
      '/tickets/:ticketId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Update a ticket (only the fields sent change)',
          description: 'A `status` change is a transition of the state machine (docs/tickets.md): one that is not allowed is 409.',
          params: ticketParams,
          body: updateTicketBodySchema,
          response: { 200: ticketSchema, ...writeErrors },
        },
      },
      async (request) => serializeTicket(await tickets.updateTicket(tenantOf(request), request.params.ticketId, request.body)),
    );

    app.post(
      '/tickets/:ticketId/assign',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: 'Assign a ticket to a team member (409 for a deactivated one)',
          params: ticketParams,
          body: assignTicketBodySchema,
          response: { 200: ticketSchema, ...writeErrors },
        },
      },
      async (request) => serializeTicket(await tickets.assignTicket(tenantOf(request), request.params.ticketId, request.body.userId)),
    );

    for (const [action, summary] of [
      ['close', 'Close a ticket: its chat closes; the customer’s next message goes to the agent again'],
      ['reopen', 'Reopen a closed ticket: its chat is UNATTENDED and the agent pauses again (409 if the chat has another active ticket)'],
    ] as const) {
      app.post(
        `/tickets/:ticketId/${action}`,
        {
          config: { callers: ['api_key'] },
          schema: {
            tags,
            summary,
            params: ticketParams,
            body: z.object({}).strict().nullish(),
            response: { 200: ticketSchema, ...writeErrors },
          },
        },
        async (request) => {
          const tenant = tenantOf(request);
          const { ticketId } = request.params;
          return serializeTicket(
            action === 'close' ? await tickets.closeTicket(tenant, ticketId) : await tickets.reopenTicket(tenant, ticketId),
          );
        },
      );
    }
  };
}
