import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { notifyInserted } from './events.repository.js';
import { events } from './events.table.js';

/**
 * Events of several types, each with its actor, inserted and announced in one statement in
 * the order given (the ids follow it): what a write that records more than one event sends
 * instead of one each.
 */
export async function insertEventList(
  db: Executor,
  workspaceId: number,
  entries: Array<{ type: string; actor: Actor; data: unknown }>,
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((entry) => ({ type: entry.type, kind: entry.actor.kind, actor: entry.actor.id, data: entry.data }));
  await db.execute(sql`
    WITH inserted AS (
      INSERT INTO ${events} (workspace_id, type, data, actor_kind, actor_id)
      SELECT ${workspaceId}::bigint, e.entry->>'type', e.entry->'data', e.entry->>'kind', e.entry->>'actor'
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(entry, position)
      ORDER BY position
      RETURNING id, type
    )
    SELECT count(${notifyInserted(workspaceId)}) FROM inserted`);
}
