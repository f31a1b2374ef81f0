import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { events } from './events.table.js';

/** The channel on which committed events are announced as `<workspaceId>:<eventId>`. */
export const EVENTS_CHANNEL = 'switchboard_events';

export async function insertEvent(db: Executor, workspaceId: number, type: string, data: unknown): Promise<{ id: number; uuid: string }> {
  const [row] = await db.insert(events).values({ workspaceId, type, data }).returning({ id: events.id, uuid: events.uuid });
  // NOTIFY inside the transaction is delivered only if and when it commits.
  await db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${`${workspaceId}:${row!.id}`})`);
  return row!;
}
