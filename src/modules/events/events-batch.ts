import type { Executor } from '../../db/client.js';
import { insertEvents } from './events-batch.repository.js';
import type { EventAction } from './events.js';

/**
 * recordEvent for many entities of one kind at once (bulk writes): the same events, written
 * in the caller's transaction in one statement instead of one per entity.
 */
export async function recordEvents(
  db: Executor,
  workspaceId: number,
  entity: string,
  action: EventAction,
  entries: unknown[],
): Promise<void> {
  // Serialized once as a whole (dates become ISO strings), as recordEvent serializes each.
  await insertEvents(db, workspaceId, `${entity}.${action}`, entries);
}
