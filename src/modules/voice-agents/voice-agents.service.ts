import type { Database } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './voice-agents.repository.js';
import type { VoiceAgent, VoiceAgentSettings } from './voice-agents.schemas.js';

/** Saved AI callers (StartAgentCall's `voiceAgentId`). Every update is a new version. */
export class VoiceAgentsService {
  constructor(private readonly db: Database) {}

  async createVoiceAgent(tenant: Tenant, input: { name: string } & VoiceAgentSettings): Promise<VoiceAgent> {
    const { name, ...settings } = input;
    return toVoiceAgent(tenant, await repository.insertVoiceAgent(this.db, tenant.workspaceId, { name, settings }));
  }

  async getVoiceAgentById(tenant: Tenant, id: number): Promise<VoiceAgent> {
    const row = await repository.findVoiceAgentRow(this.db, tenant.workspaceId, id);
    if (!row) throw notFound('voice agent', id);
    return toVoiceAgent(tenant, row);
  }

  async updateVoiceAgent(tenant: Tenant, id: number, input: { name: string } & VoiceAgentSettings): Promise<VoiceAgent> {
    const { name, ...settings } = input;
    const row = await repository.updateVoiceAgentRow(this.db, tenant.workspaceId, id, { name, settings });
    if (!row) throw notFound('voice agent', id);
    return toVoiceAgent(tenant, row);
  }

  async deleteVoiceAgent(tenant: Tenant, id: number): Promise<void> {
    if (!(await repository.deleteVoiceAgentRow(this.db, tenant.workspaceId, id))) throw notFound('voice agent', id);
  }

  async findVoiceAgents(tenant: Tenant, limit: number, afterId?: number): Promise<{ items: VoiceAgent[]; nextPageToken: string | null }> {
    const rows = await repository.findVoiceAgentRows(this.db, tenant.workspaceId, limit, afterId);
    const items = rows.slice(0, limit).map((row) => toVoiceAgent(tenant, row));
    return { items, nextPageToken: rows.length > limit ? String(items.at(-1)!.id) : null };
  }
}

export function toVoiceAgent(tenant: Tenant, row: repository.VoiceAgentRow): VoiceAgent {
  return {
    ...row.settings,
    id: row.id,
    tenantId: tenant.workspaceUuid,
    name: row.name,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
