import type { Database, Executor } from '../../db/client.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import * as repository from './funnels.repository.js';
import { MAX_STATUSES_PER_FUNNEL, type FunnelStatus, type FunnelStatusChanges, type NewFunnelStatus } from './funnels.schemas.js';
import { toFunnelStatus } from './funnels.service.js';

/**
 * The ordered statuses of a funnel. Every change locks the funnel row first, so changes to
 * one funnel's statuses run one at a time and positions stay dense (0..n-1).
 */
export class FunnelStatusesService {
  constructor(private readonly db: Database) {}

  async findStatuses(tenant: Tenant, funnelId: number): Promise<FunnelStatus[]> {
    if (!(await repository.findFunnelRow(this.db, tenant.workspaceId, funnelId))) throw notFound('funnel', funnelId);
    const rows = await repository.findStatusRows(this.db, tenant.workspaceId, [funnelId]);
    return rows.map((row) => toFunnelStatus(tenant, row));
  }

  async getStatusById(tenant: Tenant, funnelId: number, id: number): Promise<FunnelStatus> {
    if (!(await repository.findFunnelRow(this.db, tenant.workspaceId, funnelId))) throw notFound('funnel', funnelId);
    const row = await repository.findStatusRow(this.db, tenant.workspaceId, funnelId, id);
    if (!row) throw notFound('funnel status', id);
    return toFunnelStatus(tenant, row);
  }

  /** Inserts the status at `position` (appends when absent or past the end), shifting the ones after it. */
  async createStatus(tenant: Tenant, funnelId: number, input: NewFunnelStatus): Promise<FunnelStatus> {
    return this.db.transaction(async (tx) => {
      const siblings = await this.lockFunnel(tx, tenant, funnelId);
      if (siblings.length >= MAX_STATUSES_PER_FUNNEL) {
        throw new AppError('CONFLICT', `Funnel ${funnelId} already has the maximum of ${MAX_STATUSES_PER_FUNNEL} statuses`, {
          field: 'funnelId',
        });
      }
      checkNameFree(siblings, input.name);
      const position = Math.min(input.position ?? siblings.length, siblings.length);
      await repository.shiftPositions(tx, tenant.workspaceId, funnelId, { from: position }, 1);
      const [row] = await repository.insertStatusRows(tx, tenant.workspaceId, funnelId, [{ name: input.name, position }]);
      const status = toFunnelStatus(tenant, row!);
      await recordEvent(tx, tenant, 'funnel_status.created', status);
      return status;
    });
  }

  /** Renames and/or moves the status; moving shifts the statuses between its old and new place. */
  async updateStatus(tenant: Tenant, funnelId: number, id: number, changes: FunnelStatusChanges): Promise<FunnelStatus> {
    return this.db.transaction(async (tx) => {
      const siblings = await this.lockFunnel(tx, tenant, funnelId);
      const current = siblings.find((status) => status.id === id);
      if (!current) throw notFound('funnel status', id);
      if (changes.name !== undefined && changes.name !== current.name) checkNameFree(siblings, changes.name);
      const values: { name?: string; position?: number } = {};
      if (changes.name !== undefined) values.name = changes.name;
      if (changes.position !== undefined) {
        const target = Math.min(changes.position, siblings.length - 1);
        if (target < current.position)
          await repository.shiftPositions(tx, tenant.workspaceId, funnelId, { from: target, to: current.position - 1 }, 1);
        if (target > current.position)
          await repository.shiftPositions(tx, tenant.workspaceId, funnelId, { from: current.position + 1, to: target }, -1);
        values.position = target;
      }
      const row = await repository.updateStatusRow(tx, tenant.workspaceId, funnelId, id, values);
      const status = toFunnelStatus(tenant, row);
      await recordEvent(tx, tenant, 'funnel_status.updated', status);
      return status;
    });
  }

  /** Deletes the status and closes the gap in the order. A status that conversations sit in is a CONFLICT. */
  async deleteStatus(tenant: Tenant, funnelId: number, id: number): Promise<FunnelStatus> {
    return this.db.transaction(async (tx) => {
      await this.lockFunnel(tx, tenant, funnelId);
      // Waits for conversation writes that reference the status, so the count below sees them.
      const row = await repository.findStatusRow(tx, tenant.workspaceId, funnelId, id, 'update');
      if (!row) throw notFound('funnel status', id);
      const conversations = await repository.countConversations(tx, tenant.workspaceId, { funnelId, statusId: id });
      if (conversations > 0) {
        throw new AppError('CONFLICT', `${conversations} conversation(s) are in status ${id}; move them to another status first`, {
          field: 'statusId',
          conversations,
        });
      }
      await repository.deleteStatusRow(tx, tenant.workspaceId, funnelId, id);
      await repository.shiftPositions(tx, tenant.workspaceId, funnelId, { from: row.position + 1 }, -1);
      const status = toFunnelStatus(tenant, row);
      await recordEvent(tx, tenant, 'funnel_status.deleted', status);
      return status;
    });
  }

  /** Locks the funnel for status changes and returns its statuses in order. */
  private async lockFunnel(db: Executor, tenant: Tenant, funnelId: number): Promise<repository.FunnelStatusRow[]> {
    const funnel = await repository.findFunnelRow(db, tenant.workspaceId, funnelId, 'no key update');
    if (!funnel) throw notFound('funnel', funnelId);
    return repository.findStatusRows(db, tenant.workspaceId, [funnelId]);
  }
}

function checkNameFree(siblings: repository.FunnelStatusRow[], name: string): void {
  if (siblings.some((status) => status.name === name)) {
    throw new AppError('CONFLICT', `The funnel already has a status named "${name}"`, { field: 'name' });
  }
}
