import { z } from 'zod';

const CONTACT_UUID = '8a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d';
const TICKET_UUID = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

export const aiContactParams = z.object({
  aiContactId: z.uuid({ error: 'must be a contact id (a UUID)' }).describe('The contact’s uuid').meta({ example: CONTACT_UUID }),
});

export const aiTicketSchema = z
  .object({
    id: z.uuid().describe('Unique ticket identifier').meta({ example: TICKET_UUID }),
    ai_contact_id: z.uuid().describe('Associated contact ID').meta({ example: CONTACT_UUID }),
    status: z.enum(['OPEN', 'IN_PROGRESS', 'CLOSED']).describe('Ticket status'),
    created_at: z.string().describe('Ticket creation timestamp (ISO 8601)'),
    updated_at: z.string().describe('Last update timestamp (ISO 8601)'),
    ticket_summary: z.string().nullable().describe('AI-generated or human summary of the ticket'),
    metadata: z.record(z.string(), z.unknown()).describe('Custom ticket metadata'),
  })
  .meta({ id: 'AiContactTicket' });

export const aiContactSchema = z
  .object({
    id: z.uuid().describe('Unique identifier for the contact').meta({ example: CONTACT_UUID }),
    name: z.string().describe('Contact’s full name (empty when unknown)').meta({ example: 'Ana Souza' }),
    email: z.string().nullable().describe('Contact’s email address'),
    phone: z.string().nullable().describe('Contact’s phone number (E.164)'),
    platform: z
      .enum(['whatsapp', 'instagram', 'webchat', 'tiktok', 'sms', 'messenger', 'voice'])
      .nullable()
      .describe('Channel of the contact’s latest chat; null when the contact has no chat'),
    created_at: z.string().describe('When the contact was created (ISO 8601)'),
    last_message_at: z.string().nullable().describe('Last message sent or received in the latest chat'),
    last_message_content: z.string().nullable().describe('Content of that message'),
    chat_status: z.enum(['UNATTENDED', 'ATTENDED', 'CLOSED', 'PENDING']).nullable().describe('The latest chat’s status'),
    is_chat_read: z.boolean().describe('Whether the team has read the latest chat (true when there is none)'),
    blocked: z.boolean().describe('Whether the contact is blocked'),
    client_id: z.uuid().describe('The workspace'),
    ai_customer_id: z.uuid().describe('The customer profile: the CRM contact itself, so the contact’s uuid again'),
    default_stage_id: z.string().nullable().describe('The funnel status of the contact’s most recently changed funnel conversation'),
    active_ticket_v2_id: z.uuid().nullable().describe('ID of the currently active ticket'),
    last_closed_ticket_v2_id: z.uuid().nullable().describe('ID of the most recently closed ticket'),
    current_integration_data: z
      .object({ provider_id: z.string().nullable(), provider_name: z.string().nullable() })
      .nullable()
      .describe('The contact’s external system link (v1 providerId/providerName); null when none'),
    metadata: z.record(z.string(), z.unknown()).describe('The contact’s custom fields and metadata object, merged'),
    active_ticket: aiTicketSchema.nullable(),
    active_ticket_v2: aiTicketSchema.nullable().describe('The same as active_ticket (backward compatibility)'),
    last_closed_ticket: aiTicketSchema.nullable(),
  })
  .meta({ id: 'AiContact' });
