import type { Executor } from '../../db/client.js';
import { findFirstStatusIds, lockFunnelsForReference, lockStatusesForReference } from '../funnels/funnels.repository.js';
import type { BulkItem } from './bulk-items.js';

export interface FunnelReference {
  item: BulkItem<unknown>;
  funnelId: number;
  /** As sent: undefined puts the conversation in the funnel's first status, null in none. */
  funnelStatusId: number | null | undefined;
  /** The field to name when the funnel does not exist. */
  funnelField: string;
}

/**
 * Checks that each funnel exists and each status belongs to its funnel, recording NOT_FOUND
 * or INVALID_VALUE on the item otherwise, and returns the status each valid item ends up
 * in. The funnels and statuses are key-share locked, so they cannot be deleted before the
 * caller's transaction ends.
 */
export async function checkFunnelReferences(
  db: Executor,
  workspaceId: number,
  references: FunnelReference[],
): Promise<Map<BulkItem<unknown>, number | null>> {
  const funnelIds = new Set(
    await lockFunnelsForReference(db, workspaceId, [...new Set(references.map((reference) => reference.funnelId))]),
  );
  const statusIds = references.map((reference) => reference.funnelStatusId).filter((id): id is number => typeof id === 'number');
  const statuses = new Map(
    (await lockStatusesForReference(db, workspaceId, [...new Set(statusIds)])).map((status) => [status.id, status.funnelId]),
  );
  const needFirst = references.filter((reference) => reference.funnelStatusId === undefined).map((reference) => reference.funnelId);
  const firstStatus = await findFirstStatusIds(
    db,
    workspaceId,
    [...new Set(needFirst)].filter((id) => funnelIds.has(id)),
  );

  const resolved = new Map<BulkItem<unknown>, number | null>();
  for (const { item, funnelId, funnelStatusId, funnelField } of references) {
    if (!funnelIds.has(funnelId)) {
      item.fail('NOT_FOUND', funnelField, `funnel ${funnelId} does not exist in this workspace`, { funnelId });
      continue;
    }
    if (typeof funnelStatusId === 'number') {
      const owner = statuses.get(funnelStatusId);
      if (owner === undefined) {
        item.fail('NOT_FOUND', 'funnelStatusId', `funnel status ${funnelStatusId} does not exist in this workspace`, { funnelStatusId });
        continue;
      }
      if (owner !== funnelId) {
        item.fail('INVALID_VALUE', 'funnelStatusId', `status ${funnelStatusId} belongs to funnel ${owner}, not to funnel ${funnelId}`, {
          funnelStatusId,
          funnelId: owner,
        });
        continue;
      }
    }
    resolved.set(item, funnelStatusId === undefined ? (firstStatus.get(funnelId) ?? null) : funnelStatusId);
  }
  return resolved;
}
