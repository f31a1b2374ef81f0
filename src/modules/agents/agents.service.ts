import type { Database, Executor } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import {
  agentSettingsOf,
  DEFAULT_AGENT_SETTINGS,
  DEFAULT_SQUAD_SETTINGS,
  mergeSettings,
  sameSettings,
  squadSettingsOf,
  type ResponderSettings,
} from './agent-settings.js';
import * as repository from './agents.repository.js';
import { validateAgentSettings, validateSquadSettings, type LlmDefaults } from './settings-validation.js';
import { findAgentTurnSettings, type AgentTurnSettings } from './turn-settings.js';
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
  constructor(
    private readonly db: Database,
    private readonly llm: LlmDefaults = {},
  ) {}

  async createAgent(tenant: Tenant, kind: ResponderKind, input: AgentInput & { name: string }): Promise<Agent> {
    return this.db.transaction(async (tx) => {
      const settings = nextSettings(kind, undefined, input);
      await this.validate(tx, tenant, kind, settings);
      return createResponder(tx, tenant, kind, input, settings);
    });
  }

  /**
   * What the runtime needs to answer as responder `responderId` (an agent or a squad): the
   * TurnAgent, provider, reply delay, enabled flag and fallback message of the answering agent.
   * `db`: the caller's transaction, when it reads inside one (the runtime's consumer).
   */
  async getAgentTurnSettings(
    workspaceId: number,
    responderId: number,
    options: { chatId?: number; db?: Executor } = {},
  ): Promise<AgentTurnSettings> {
    return findAgentTurnSettings(options.db ?? this.db, workspaceId, responderId, { chatId: options.chatId });
  }

  private async validate(tx: Executor, tenant: Tenant, kind: ResponderKind, settings: ResponderSettings): Promise<void> {
    if (kind === 'agent') await validateAgentSettings(tx, tenant.workspaceId, agentSettingsOf(settings), this.llm);
    else await validateSquadSettings(tx, tenant.workspaceId, squadSettingsOf(settings));
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
      const settings = nextSettings(kind, current.settings, input);
      const next = {
        name: input.name ?? current.name,
        picture: input.picture === undefined ? current.picture : input.picture,
        settings: settings as unknown as Record<string, unknown>,
      };
      const currentSettings = kind === 'agent' ? agentSettingsOf(current.settings) : squadSettingsOf(current.settings);
      if (next.name === current.name && next.picture === current.picture && sameSettings(settings, currentSettings)) {
        return toAgent(tenant, current);
      }
      await this.validate(tx, tenant, kind, settings);
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
        settings: kind === 'agent' ? agentSettingsOf(row.settings) : squadSettingsOf(row.settings),
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
  settings: ResponderSettings = kind === 'agent' ? DEFAULT_AGENT_SETTINGS : DEFAULT_SQUAD_SETTINGS,
): Promise<Agent> {
  const row = await repository.insertAgent(tx, tenant.workspaceId, {
    kind,
    name: input.name,
    picture: input.picture ?? null,
    settings: settings as unknown as Record<string, unknown>,
  });
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
    settings: row.kind === 'agent' ? agentSettingsOf(row.settings) : squadSettingsOf(row.settings),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The settings after a write: the stored ones (or the defaults) with the sent changes. */
function nextSettings(kind: ResponderKind, stored: unknown, input: AgentInput): ResponderSettings {
  if (kind === 'agent') return mergeSettings(agentSettingsOf(stored ?? {}), input.agent);
  return mergeSettings(squadSettingsOf(stored ?? {}), input.squad);
}
