import type { z } from 'zod';
import type { Funnel, FunnelStatus } from '../../modules/funnels/funnels.schemas.js';
import type { funnelSchema, funnelStatusSchema } from './funnels.schemas.js';

export function serializeFunnelStatus(status: FunnelStatus): z.infer<typeof funnelStatusSchema> {
  return { ...status, createdAt: status.createdAt.toISOString(), updatedAt: status.updatedAt.toISOString() };
}

export function serializeFunnel(funnel: Funnel): z.infer<typeof funnelSchema> {
  return {
    ...funnel,
    statuses: funnel.statuses.map(serializeFunnelStatus),
    createdAt: funnel.createdAt.toISOString(),
    updatedAt: funnel.updatedAt.toISOString(),
  };
}
