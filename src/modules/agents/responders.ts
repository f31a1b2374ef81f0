import type { Executor } from '../../db/client.js';
import { invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './agents.repository.js';
import { createResponder, toAgent } from './agents.service.js';
import type { Agent } from './agents.schemas.js';

/** Name given to the agent a workspace gets when its first chat needs a responder and it has none. */
export const DEFAULT_AGENT_NAME = 'Assistant';

/** The live agent or squad with this uuid, or a 400 naming `field`. */
export async function resolveResponder(tx: Executor, tenant: Tenant, uuid: string, field: string): Promise<Agent> {
  const row = await repository.findAgentRow(tx, tenant.workspaceId, undefined, { uuid });
  if (!row) throw invalid(field, `no agent or squad ${uuid} in this workspace`);
  return toAgent(tenant, row);
}

/**
 * The responder of a chat nobody named one for: the workspace's first agent, created on
 * first need, so every chat has a responder as 004 requires.
 */
export async function defaultResponder(tx: Executor, tenant: Tenant): Promise<Agent> {
  const row = await repository.findFirstAgentRow(tx, tenant.workspaceId);
  if (row) return toAgent(tenant, row);
  return createResponder(tx, tenant, 'agent', { name: DEFAULT_AGENT_NAME });
}
