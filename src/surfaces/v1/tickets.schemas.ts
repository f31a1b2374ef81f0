import { z } from 'zod';
import { pageQueryFields, pageSchema } from './paging.schemas.js';
import { ticketStatuses } from '../../modules/tickets/ticket-states.js';
import { handoffReasons } from '../../modules/tickets/tickets.schemas.js';

const TICKET_UUID = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const CHAT_UUID = '3f4a5b6c-7d8e-4f0a-9b2c-3d4e5f6a7b8c';
const metadata = z.record(z.string(), z.unknown()).describe('Free key-value data');

export const ticketSchema = z
  .object({
    id: z.uuid().describe('Ticket id').meta({ example: TICKET_UUID }),
    tenantId: z.uuid(),
    chatId: z.uuid().describe('The chat handed off (004’s chat id)').meta({ example: CHAT_UUID }),
    contactId: z.number().int().describe('The chat’s contact (v1 contact id)'),
    contactUuid: z.uuid().describe('The same contact’s uuid (001’s aiContactId)'),
    status: z.enum(ticketStatuses).describe('OPEN → IN_PROGRESS → CLOSED; CLOSED → OPEN on reopen (docs/tickets.md)'),
    reason: z.enum(handoffReasons).describe('Why the chat went to a person (the first handoff’s reason)'),
    summary: z.string().nullable().describe('Written at handoff; later handoffs while active append theirs'),
    handoffCount: z.number().int().describe('Handoff requests this ticket absorbed'),
    assigneeUserId: z.number().int().nullable().describe('The team member on it (v1 user id)'),
    assigneeUserUuid: z.uuid().nullable(),
    metadata,
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable().describe('When it last closed; null while active'),
  })
  .meta({ id: 'Ticket' });

export const ticketListSchema = pageSchema(ticketSchema, 'Tickets', 'TicketList');

const dateTime = (description: string) => z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).describe(description);

export const ticketListQuerySchema = z.object({
  ...pageQueryFields('Tickets', '; newest first'),
  status: z
    .string()
    .max(100)
    .transform((value, context) => {
      const statuses = value.split(',').map((status) => status.trim());
      const unknown = statuses.find((status) => !(ticketStatuses as readonly string[]).includes(status));
      if (unknown !== undefined) context.addIssue({ code: 'custom', message: `"${unknown}" is not one of ${ticketStatuses.join(', ')}` });
      return statuses as (typeof ticketStatuses)[number][];
    })
    .optional()
    .describe('One status or several, comma separated (OPEN,IN_PROGRESS = the active ones)'),
  assigneeUserId: z.coerce.number().int().positive().optional().describe('Assigned team member (v1 user id)'),
  chatId: z.uuid().optional().describe('Tickets of one chat'),
  contactId: z.coerce.number().int().positive().optional().describe('Tickets of one contact (v1 contact id)'),
  createdAfter: dateTime('Created at or after this time').optional(),
  createdBefore: dateTime('Created strictly before this time').optional(),
});

export const ticketParams = z.object({ ticketId: z.uuid({ error: 'must be a ticket id (a UUID)' }).describe('Ticket id') });

export const createTicketBodySchema = z
  .object({
    chatId: z.uuid({ error: 'must be a chat id (a UUID)' }).describe('The chat to hand to the team'),
    reason: z.enum(handoffReasons).default('manual'),
    summary: z.string().max(10_000).nullish().describe('What the customer needs'),
    assigneeUserId: z.number().int().positive().nullish().describe('An active team member to give it to'),
    metadata: metadata.optional(),
  })
  .strict()
  .meta({ id: 'CreateTicketBody', example: { chatId: CHAT_UUID, summary: 'Wants a refund for order 1043' } });

export const updateTicketBodySchema = z
  .object({
    status: z.enum(ticketStatuses).optional().describe('A transition; one that is not allowed is 409 naming the current status'),
    summary: z.string().max(10_000).nullable().optional(),
    assigneeUserId: z.number().int().positive().nullable().optional().describe('An active team member, or null to unassign'),
    metadata: metadata.optional().describe('Merged into the ticket’s; a null value removes the key'),
  })
  .strict()
  .meta({ id: 'UpdateTicketBody', example: { status: 'IN_PROGRESS' } });

export const assignTicketBodySchema = z
  .object({ userId: z.number().int().positive().nullable().describe('An active team member (v1 user id), or null to unassign') })
  .strict()
  .meta({ id: 'AssignTicketBody', example: { userId: 7 } });
