import type { Executor } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import type { HandoffRequest, HandoffResult, Handoffs } from './handoff.js';
import { handOff, isAgentPaused } from './handoff-machine.js';
import { findWorkspaceUuid } from './tickets.repository.js';

export async function tenantOfWorkspace(tx: Executor, workspaceId: number): Promise<Tenant> {
  const workspaceUuid = await findWorkspaceUuid(tx, workspaceId);
  if (!workspaceUuid) throw new AppError('NOT_FOUND', `workspace ${workspaceId} was not found`);
  return { workspaceId, workspaceUuid };
}

/** The agent runtime's side of the tickets module (the interface in handoff.ts). */
export const handoffs: Handoffs = {
  async requestHandoff(tx: Executor, workspaceId: number, request: HandoffRequest): Promise<HandoffResult> {
    const tenant = await tenantOfWorkspace(tx, workspaceId);
    const { ticket, created } = await handOff(tx, tenant, request);
    return { ticketId: ticket.uuid, created };
  },
  isAgentPaused(tx: Executor, workspaceId: number, chatId: number, options?: { lock?: boolean }): Promise<boolean> {
    return isAgentPaused(tx, workspaceId, chatId, options?.lock ?? false);
  },
};
