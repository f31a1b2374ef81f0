import type { Executor } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import * as repository from './operations.repository.js';

/** A stored batch operation: what it reported when it ran. */
export interface Operation<Report = unknown> {
  operationId: string;
  kind: string;
  message: string;
  report: Report;
  createdAt: Date;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Stores an operation's report in the caller's transaction, so it exists exactly when the operation's writes do. */
export async function recordOperation<Report>(
  db: Executor,
  workspaceId: number,
  kind: string,
  message: string,
  report: Report,
): Promise<Operation<Report>> {
  const row = await repository.insertOperation(db, workspaceId, { kind, message, report });
  return { operationId: row.uuid, kind, message, report, createdAt: row.createdAt };
}

/** The workspace's operation with this id and one of `kinds`; anything else is NOT_FOUND. */
export async function getOperation<Report>(
  db: Executor,
  workspaceId: number,
  operationId: string,
  kinds: string[],
): Promise<Operation<Report>> {
  const row = UUID_PATTERN.test(operationId) ? await repository.findOperationRow(db, workspaceId, operationId, kinds) : undefined;
  if (!row) throw notFound('operation', operationId);
  return { operationId: row.uuid, kind: row.kind, message: row.message, report: row.report as Report, createdAt: row.createdAt };
}
