import type { Executor } from '../../db/client.js';
import { recordEvent } from '../events/events.js';
import type { Tenant } from '../../shared/tenant.js';
import { toCall } from './call-views.js';
import * as repository from './calls.repository.js';
import { callStatusRank, isFinalStatus, type Call } from './calls.schemas.js';

/** What a provider event says about a call; absent fields say nothing. */
export interface CallProgress {
  status?: string;
  startTime?: Date;
  endTime?: Date;
  duration?: number;
  endedReason?: string;
  cost?: number;
  redirectedTo?: string;
}

/**
 * Applies a provider event to a locked call, forward only: a status ranked below the current
 * one (a late `ringing` after `ended`, a repeated event) is ignored, and so are facts the call
 * already holds once it has ended. Returns the call when something changed (recording
 * `call.updated`, and `call.ended` the first time it reaches a final status), else undefined.
 */
export async function applyCallProgress(
  tx: Executor,
  tenant: Tenant,
  row: repository.CallRow,
  progress: CallProgress,
): Promise<Call | undefined> {
  const changes: Partial<repository.CallValues> = {};
  const ended = isFinalStatus(row.status);
  if (progress.status && progress.status !== row.status && !ended) {
    const rank = callStatusRank[progress.status];
    if (rank !== undefined && rank > (callStatusRank[row.status] ?? -1)) changes.status = progress.status;
  }
  const fill = <K extends keyof CallProgress & keyof repository.CallValues>(key: K) => {
    const value = progress[key];
    if (value === undefined) return;
    const current: unknown = row[key as keyof repository.CallRow];
    // Before the end, later events may refine a fact; after it, only missing facts are filled.
    if (current === null || (!ended && !same(current, value))) (changes as Record<string, unknown>)[key] = value;
  };
  fill('startTime');
  fill('endTime');
  fill('duration');
  fill('endedReason');
  fill('cost');
  fill('redirectedTo');
  if (Object.keys(changes).length === 0) return undefined;
  const updated = await repository.updateCallRow(tx, tenant.workspaceId, row.id, changes);
  const call = toCall(tenant, updated);
  await recordEvent(tx, tenant, 'call.updated', call);
  if (!ended && isFinalStatus(updated.status)) await recordEvent(tx, tenant, 'call.ended', call);
  return call;
}

function same(current: unknown, value: unknown): boolean {
  return current instanceof Date && value instanceof Date ? current.getTime() === value.getTime() : current === value;
}
