import type { Executor } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { Actor } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import type { HandoffRequest, HandoffResult, Handoffs } from './handoff.js';
import { findPausedChats, handOff, isAgentPaused } from './handoff-machine.js';
import { findWorkspaceUuid } from './tickets.repository.js';

/** The tenant a handoff acts as: the workspace, with the actor that asked for it. */
export async function tenantOfWorkspace(tx: Executor, workspaceId: number, actor: Actor): Promise<Tenant> {
  const workspaceUuid = await findWorkspaceUuid(tx, workspaceId);
  if (!workspaceUuid) throw new AppError('NOT_FOUND', `workspace ${workspaceId} was not found`);
  return { workspaceId, workspaceUuid, actor };
}

/** The agent runtime's side of the tickets module (the interface in handoff.ts). */
export const handoffs: Handoffs = {
  async requestHandoff(tx: Executor, workspaceId: number, request: HandoffRequest): Promise<HandoffResult> {
    const tenant = await tenantOfWorkspace(tx, workspaceId, request.actor);
    const { ticket, created } = await handOff(tx, tenant, request);
    return { ticketId: ticket.uuid, created };
  },
  isAgentPaused(tx: Executor, workspaceId: number, chatId: number, options?: { lock?: boolean }): Promise<boolean> {
    return isAgentPaused(tx, workspaceId, chatId, options?.lock ?? false);
  },
  pausedChats(tx: Executor, workspaceId: number, chatIds: number[]): Promise<Set<number>> {
    return findPausedChats(tx, workspaceId, chatIds);
  },
};
