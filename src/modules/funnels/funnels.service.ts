import type { Database, Executor } from '../../db/client.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import * as repository from './funnels.repository.js';
import { MAX_STATUSES_PER_FUNNEL, type Funnel, type FunnelChanges, type FunnelStatus, type NewFunnel } from './funnels.schemas.js';

/** Funnels (pipelines). Their statuses are managed by FunnelStatusesService. */
export class FunnelsService {
  constructor(private readonly db: Database) {}

  async createFunnel(tenant: Tenant, input: NewFunnel): Promise<Funnel> {
    const statuses = input.statuses ?? [];
    if (statuses.length > MAX_STATUSES_PER_FUNNEL) throw invalid('statuses', `a funnel has at most ${MAX_STATUSES_PER_FUNNEL} statuses`);
    checkDistinctNames(statuses.map((status) => status.name));
    return this.db.transaction(async (tx) => {
      const row = await repository.insertFunnel(tx, tenant.workspaceId, { name: input.name, description: input.description ?? null });
      const statusRows = await repository.insertStatusRows(
        tx,
        tenant.workspaceId,
        row.id,
        statuses.map((status, position) => ({ name: status.name, position })),
      );
      const funnel = toFunnel(tenant, row, statusRows);
      await recordEvent(tx, tenant, 'funnel.created', funnel);
      return funnel;
    });
  }

  async getFunnelById(tenant: Tenant, id: number): Promise<Funnel> {
    return this.load(this.db, tenant, id);
  }

  async findFunnels(tenant: Tenant, query: ListQuery): Promise<Page<Funnel>> {
    const page = await repository.findFunnelRows(this.db, tenant.workspaceId, query);
    const statuses = await repository.findStatusRows(
      this.db,
      tenant.workspaceId,
      page.rows.map((row) => row.id),
    );
    return {
      items: page.rows.map((row) => toFunnel(tenant, row, statuses)),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }

  async updateFunnel(tenant: Tenant, id: number, changes: FunnelChanges): Promise<Funnel> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findFunnelRow(tx, tenant.workspaceId, id, 'no key update');
      if (!current) throw notFound('funnel', id);
      const values: Partial<Pick<repository.FunnelRow, 'name' | 'description'>> = {};
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.description !== undefined) values.description = changes.description;
      await repository.updateFunnelRow(tx, tenant.workspaceId, id, values);
      const funnel = await this.load(tx, tenant, id);
      await recordEvent(tx, tenant, 'funnel.updated', funnel);
      return funnel;
    });
  }

  /** Deletes the funnel with its statuses. A funnel that still holds conversations is a CONFLICT. */
  async deleteFunnel(tenant: Tenant, id: number): Promise<Funnel> {
    return this.db.transaction(async (tx) => {
      const row = await repository.findFunnelRow(tx, tenant.workspaceId, id, 'update');
      if (!row) throw notFound('funnel', id);
      const conversations = await repository.countConversations(tx, tenant.workspaceId, { funnelId: id });
      if (conversations > 0) {
        throw new AppError(
          'CONFLICT',
          `Funnel ${id} holds ${conversations} conversation(s); delete them or move them to another funnel first`,
          { field: 'id', conversations },
        );
      }
      const funnel = await this.load(tx, tenant, id);
      await repository.deleteFunnelRow(tx, tenant.workspaceId, id);
      await recordEvent(tx, tenant, 'funnel.deleted', funnel);
      return funnel;
    });
  }

  private async load(db: Executor, tenant: Tenant, id: number): Promise<Funnel> {
    const row = await repository.findFunnelRow(db, tenant.workspaceId, id);
    if (!row) throw notFound('funnel', id);
    return toFunnel(tenant, row, await repository.findStatusRows(db, tenant.workspaceId, [id]));
  }
}

function checkDistinctNames(names: string[]): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) throw invalid(`statuses[${index}].name`, `"${name}" appears twice; status names are unique within a funnel`);
    seen.add(name);
  });
}

export function toFunnelStatus(tenant: Tenant, row: repository.FunnelStatusRow): FunnelStatus {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    funnelId: row.funnelId,
    name: row.name,
    position: row.position,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toFunnel(tenant: Tenant, row: repository.FunnelRow, statuses: repository.FunnelStatusRow[]): Funnel {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    name: row.name,
    description: row.description,
    statuses: statuses.filter((status) => status.funnelId === row.id).map((status) => toFunnelStatus(tenant, status)),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
