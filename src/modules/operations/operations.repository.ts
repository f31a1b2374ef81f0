import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { operations } from './operations.table.js';

export type OperationRow = typeof operations.$inferSelect;

export async function insertOperation(
  db: Executor,
  workspaceId: number,
  values: { kind: string; message: string; report: unknown },
): Promise<OperationRow> {
  const [row] = await db
    .insert(operations)
    .values({ ...values, workspaceId })
    .returning();
  return row!;
}

/** The operation with this public id, if it is one of `kinds`. */
export async function findOperationRow(
  db: Executor,
  workspaceId: number,
  uuid: string,
  kinds: string[],
): Promise<OperationRow | undefined> {
  const [row] = await db
    .select()
    .from(operations)
    .where(and(eq(operations.workspaceId, workspaceId), eq(operations.uuid, uuid), inArray(operations.kind, kinds)));
  return row;
}
