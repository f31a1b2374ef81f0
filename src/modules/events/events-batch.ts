import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import type { EventPayload, EventType } from './event-catalogue.js';
import { insertEventList } from './events-batch.repository.js';

/**
 * recordEvent for many entities of one kind at once (bulk writes): the same events, written
 * in the caller's transaction in one statement instead of one per entity.
 */
export async function recordEvents<Type extends EventType>(
  db: Executor,
  tenant: Pick<Tenant, 'workspaceId' | 'actor'>,
  type: Type,
  entries: EventPayload<Type>[],
): Promise<void> {
  // Serialized once as a whole (dates become ISO strings), as recordEvent serializes each.
  const { workspaceId, actor } = tenant;
  await insertEventList(
    db,
    workspaceId,
    entries.map((data) => ({ type, actor, data })),
  );
}
