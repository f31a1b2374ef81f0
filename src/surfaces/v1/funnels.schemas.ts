import { z } from 'zod';
import { pageSchema } from './paging.schemas.js';
import { MAX_STATUSES_PER_FUNNEL } from '../../modules/funnels/funnels.schemas.js';
import { numericId } from './params.js';

/** The v1 wire shapes of funnels and their statuses. 003 has no funnel endpoints; these follow its style. */

const TENANT_EXAMPLE = '4f1c2b9e-8a43-4d1e-9c55-2a7b1e0f6d3a';
const nameSchema = (what: string, example: string) => z.string().trim().min(1).max(200).describe(what).meta({ example });
const positionSchema = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .describe('0-based place in the funnel; past the end appends')
  .meta({ example: 0 });

// The read-only properties a client may send back from what it read: accepted and ignored.
const echoed = {
  id: z.number().optional().describe('Ignored: the id in the path wins'),
  tenantId: z.string().optional().describe('Ignored: the API key decides the workspace'),
  createdAt: z.string().optional().describe('Ignored (read-only)'),
  updatedAt: z.string().optional().describe('Ignored (read-only)'),
};

export const funnelParams = z.object({ id: numericId('Funnel id') });
export const funnelStatusParams = z.object({ id: numericId('Funnel id'), statusId: numericId('Status id') });

export const funnelStatusSchema = z
  .object({
    id: z.number().int().describe('Status id'),
    tenantId: z.string().describe('The workspace id'),
    funnelId: z.number().int().describe('The funnel the status belongs to'),
    name: z.string().describe('Status name, unique within the funnel'),
    position: z.number().int().describe('0-based place in the funnel'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe('A stage of a funnel')
  .meta({
    id: 'FunnelStatus',
    example: {
      id: 31,
      tenantId: TENANT_EXAMPLE,
      funnelId: 7,
      name: 'Qualified',
      position: 1,
      createdAt: '2025-03-01T09:30:00.000Z',
      updatedAt: '2025-03-01T09:30:00.000Z',
    },
  });

export const funnelSchema = z
  .object({
    id: z.number().int().describe('Funnel id'),
    tenantId: z.string().describe('The workspace id'),
    name: z.string(),
    description: z.string().nullable(),
    statuses: z.array(funnelStatusSchema).describe('The statuses, in funnel order'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .describe('A funnel (pipeline) with its ordered statuses')
  .meta({ id: 'Funnel' });

export const funnelListSchema = pageSchema(funnelSchema, 'Funnels', 'FunnelList');

export const funnelStatusListSchema = z
  .object({
    items: z.array(funnelStatusSchema).describe('Every status of the funnel, in order'),
    nextPageToken: z.null().describe('Always null: the list is never paged'),
    totalCount: z.number().int(),
  })
  .meta({ id: 'FunnelStatusList' });

export const createFunnelBodySchema = z
  .object({
    name: nameSchema('Funnel name', 'Sales'),
    description: z.string().max(2000).nullable().optional().describe('What the funnel is for'),
    statuses: z
      .array(z.object({ name: nameSchema('Status name', 'New') }).strict())
      .max(MAX_STATUSES_PER_FUNNEL)
      .optional()
      .describe('Statuses to create with the funnel, in order'),
  })
  .strict()
  .meta({ id: 'CreateFunnelBody', example: { name: 'Sales', statuses: [{ name: 'New' }, { name: 'Qualified' }, { name: 'Won' }] } });

export const updateFunnelBodySchema = z
  .object({
    name: nameSchema('Funnel name', 'Sales').optional(),
    description: z.string().max(2000).nullable().optional().describe('null clears it'),
    ...echoed,
  })
  .strict()
  .meta({ id: 'UpdateFunnelBody', example: { name: 'Enterprise sales' } });

export const createFunnelStatusBodySchema = z
  .object({
    name: nameSchema('Status name', 'Proposal sent'),
    position: positionSchema.optional(),
    funnelId: z.number().optional().describe('Must match the path when sent'),
  })
  .strict()
  .meta({ id: 'CreateFunnelStatusBody', example: { name: 'Proposal sent', position: 2 } });

export const updateFunnelStatusBodySchema = z
  .object({
    name: nameSchema('Status name', 'Proposal sent').optional(),
    position: positionSchema.optional(),
    funnelId: z.number().optional().describe('Must match the path when sent: a status cannot move to another funnel'),
    ...echoed,
  })
  .strict()
  .meta({ id: 'UpdateFunnelStatusBody', example: { position: 0 } });
