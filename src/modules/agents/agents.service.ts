import type { Database, Executor } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import * as repository from './agents.repository.js';
import {
  describeReference,
  type Agent,
  type AgentInput,
  type AgentVersion,
  type EntityReference,
  type ResponderKind,
} from './agents.schemas.js';

/** Agents and squads: named, pictured, versioned responders for chats. */
export class AgentsService {
  constructor(private readonly db: Database) {}

  async createAgent(tenant: Tenant, kind: ResponderKind, input: AgentInput & { name: string }): Promise<Agent> {
    return this.db.transaction((tx) => createResponder(tx, tenant, kind, input));
  }

  async getAgent(tenant: Tenant, kind: ResponderKind, reference: EntityReference): Promise<Agent> {
    const row = await repository.findAgentRow(this.db, tenant.workspaceId, kind, reference);
    if (!row) throw notFound(kind, describeReference(reference));
    return toAgent(tenant, row);
  }

  /** Changes what is sent; a change that alters something makes a new version. */
  async updateAgent(tenant: Tenant, kind: ResponderKind, reference: EntityReference, input: AgentInput): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findAgentRow(tx, tenant.workspaceId, kind, reference, true);
      if (!current) throw notFound(kind, describeReference(reference));
      const next = { name: input.name ?? current.name, picture: input.picture === undefined ? current.picture : input.picture };
      if (next.name === current.name && next.picture === current.picture) return toAgent(tenant, current);
      const agent = toAgent(tenant, await repository.updateAgentRow(tx, tenant.workspaceId, current, next));
      await recordEvent(tx, tenant, `${kind}.updated` as const, agent);
      return agent;
    });
  }

  /** Soft-deletes: chats it answered keep naming it. Returns what was deleted. */
  async deleteAgent(tenant: Tenant, kind: ResponderKind, reference: EntityReference): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findAgentRow(tx, tenant.workspaceId, kind, reference, true);
      if (!current) throw notFound(kind, describeReference(reference));
      const agent = toAgent(tenant, await repository.softDeleteAgentRow(tx, tenant.workspaceId, current.id));
      await recordEvent(tx, tenant, `${kind}.deleted` as const, agent);
      return agent;
    });
  }

  async findAgents(tenant: Tenant, kind: ResponderKind, query: ListQuery): Promise<Page<Agent>> {
    const page = await repository.findAgentRows(this.db, tenant.workspaceId, kind, query);
    return { items: page.rows.map((row) => toAgent(tenant, row)), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  async findVersions(tenant: Tenant, kind: ResponderKind, reference: EntityReference, query: ListQuery): Promise<Page<AgentVersion>> {
    const agent = await repository.findAgentRow(this.db, tenant.workspaceId, kind, reference);
    if (!agent) throw notFound(kind, describeReference(reference));
    const page = await repository.findVersionRows(this.db, tenant.workspaceId, agent.id, query);
    return {
      items: page.rows.map((row) => ({
        uuid: row.uuid,
        agentUuid: agent.uuid,
        version: row.version,
        name: row.name,
        picture: row.picture,
        createdAt: row.createdAt,
      })),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }
}

/** Creates an agent or squad inside the caller's transaction, with its event. */
export async function createResponder(
  tx: Executor,
  tenant: Tenant,
  kind: ResponderKind,
  input: AgentInput & { name: string },
): Promise<Agent> {
  const row = await repository.insertAgent(tx, tenant.workspaceId, { kind, name: input.name, picture: input.picture ?? null });
  const agent = toAgent(tenant, row);
  await recordEvent(tx, tenant, `${kind}.created` as const, agent);
  return agent;
}

export function toAgent(tenant: Tenant, row: repository.AgentRow): Agent {
  return {
    id: row.id,
    uuid: row.uuid,
    kind: row.kind as ResponderKind,
    tenantId: tenant.workspaceUuid,
    name: row.name,
    picture: row.picture,
    version: row.version,
    versionId: row.versionUuid,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
