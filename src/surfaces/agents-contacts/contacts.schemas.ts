import { z } from 'zod';
import type { CaptureFilters, CaptureRow } from '../../modules/captures/captures.service.js';

export const agentParams = z.object({
  agent_id: z
    .string()
    .regex(/^(\d{1,15}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/, 'must be a numeric id or a UUID')
    .describe("The agent's numeric id or uuid")
    .meta({ example: '12' }),
});

export const contactParams = agentParams.extend({
  id: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .positive('must be positive')
    .max(Number.MAX_SAFE_INTEGER)
    .describe('The captured contact id'),
});

const dateTime = (description: string) =>
  z.iso
    .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z' })
    .or(z.iso.date({ error: 'must be an ISO 8601 date, e.g. 2026-01-31' }))
    .optional()
    .describe(description);

export const filterQuerySchema = z.object({
  status: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .optional()
    .describe('Only contacts in this status (new, exported, ...)')
    .meta({ example: 'new' }),
  channel: z.string().trim().min(1).max(50).optional().describe('Only contacts captured on this channel type (widget, whatsapp, api, ...)'),
  date_from: dateTime('Captured at or after this time (a date means its start, UTC)'),
  date_to: dateTime('Captured at or before this time (a date means its end, UTC)'),
  search: z.string().trim().max(200).optional().describe('Text in the email, name, company or phone'),
});

export const listQuerySchema = filterQuerySchema.extend({
  page: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1)
    .max(100_000)
    .default(1)
    .describe('1-indexed page'),
  per_page: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1)
    .max(100)
    .default(20)
    .describe('1 to 100 (default 20)'),
});

export function toFilters(query: z.infer<typeof filterQuerySchema>): CaptureFilters {
  const end = (value: string) => (value.length === 10 ? new Date(`${value}T23:59:59.999Z`) : new Date(value));
  return {
    status: query.status,
    channel: query.channel,
    capturedFrom: query.date_from ? new Date(query.date_from) : undefined,
    capturedTo: query.date_to ? end(query.date_to) : undefined,
    search: query.search || undefined,
  };
}

export const contactSchema = z
  .object({
    id: z.number().int().describe('Unique contact identifier'),
    session_id: z.number().int().describe('ID of chat session where contact was captured'),
    channel: z.string().describe('Channel where contact was captured (widget, whatsapp, api, ...)'),
    contact_email: z.string().nullable().describe("Contact's email address"),
    contact_data: z.unknown().describe('Complete contact form data, as captured'),
    contact_captured_at: z.string().nullable().describe('Timestamp when contact was captured'),
    contact_exported_at: z.string().nullable().describe('Timestamp when contact was exported'),
    status: z.string().describe('Contact status (new, exported, etc.)'),
    email: z.string().describe("Contact's email address (extracted from contact data; empty when none)"),
    name: z.string().describe("Contact's name (extracted from contact data; empty when none)"),
    company: z.string().describe("Contact's company (extracted from contact data; empty when none)"),
    phone: z.string().describe("Contact's phone number, E.164 (extracted from contact data; empty when none)"),
    created_at: z.string().describe('Timestamp when contact was created'),
  })
  .meta({ id: 'AgentContact' });

export const contactPageSchema = z
  .object({
    data: z.array(contactSchema),
    meta: z.object({
      current_page: z.number().int().describe('Current page number (1-indexed)'),
      last_page: z.number().int().describe('Last page number'),
      per_page: z.number().int().describe('Number of items per page'),
      total: z.number().int().describe('Total number of items across all pages'),
    }),
  })
  .meta({ id: 'AgentContactPage' });

export const statusBodySchema = z
  .object({
    status: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lower-case word such as new or exported')
      .describe('The new status; `exported` also stamps contact_exported_at')
      .meta({ example: 'exported' }),
  })
  .strict()
  .meta({ id: 'AgentContactStatusBody' });

export function serializeCapture(row: CaptureRow): z.infer<typeof contactSchema> {
  return {
    id: row.id,
    session_id: row.chatId,
    channel: row.channel,
    contact_email: row.email,
    contact_data: row.contactData,
    contact_captured_at: row.contactCapturedAt?.toISOString() ?? null,
    contact_exported_at: row.contactExportedAt?.toISOString() ?? null,
    status: row.status,
    email: row.email ?? '',
    name: row.name ?? '',
    company: row.company ?? '',
    phone: row.phone ?? '',
    created_at: row.createdAt.toISOString(),
  };
}
