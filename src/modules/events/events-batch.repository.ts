import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Actor } from '../../shared/actor.js';
import { EVENTS_CHANNEL } from './events.repository.js';
import { events } from './events.table.js';

/**
 * insertEvent for many events of one type: the entries travel as one JSON array, inserted
 * and announced in two statements however many there are.
 */
export async function insertEvents(db: Executor, workspaceId: number, actor: Actor, type: string, entries: unknown[]): Promise<void> {
  if (entries.length === 0) return;
  const inserted = await db.execute<{ id: number }>(sql`
    INSERT INTO ${events} (${sql.identifier(events.workspaceId.name)}, ${sql.identifier(events.type.name)}, ${sql.identifier(events.data.name)}, ${sql.identifier(events.actorKind.name)}, ${sql.identifier(events.actorId.name)})
    SELECT ${workspaceId}::bigint, ${type}::text, entry, ${actor.kind}::text, ${actor.id}::text FROM jsonb_array_elements(${JSON.stringify(entries)}::jsonb) WITH ORDINALITY AS e(entry, position)
    ORDER BY position
    RETURNING ${sql.identifier(events.id.name)} AS id`);
  // Announced as insertEvent announces one, `<workspaceId>:<eventId>`; delivered only if the transaction commits.
  const payloads = `{${inserted.rows.map((row) => `"${workspaceId}:${row.id}"`).join(',')}}`;
  await db.execute(sql`SELECT pg_notify(${EVENTS_CHANNEL}, payload) FROM unnest(${payloads}::text[]) AS payload`);
}

/**
 * Events of several types, inserted and announced in one statement, in the order given (the
 * ids follow it): what a write that records more than one event sends instead of one each.
 */
export async function insertEventList(
  db: Executor,
  workspaceId: number,
  actor: Actor,
  entries: Array<{ type: string; data: unknown }>,
): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(sql`
    WITH inserted AS (
      INSERT INTO ${events} (${sql.identifier(events.workspaceId.name)}, ${sql.identifier(events.type.name)}, ${sql.identifier(events.data.name)}, ${sql.identifier(events.actorKind.name)}, ${sql.identifier(events.actorId.name)})
      SELECT ${workspaceId}::bigint, entry->>'type', entry->'data', ${actor.kind}::text, ${actor.id}::text
      FROM jsonb_array_elements(${JSON.stringify(entries)}::jsonb) WITH ORDINALITY AS e(entry, position)
      ORDER BY position
      RETURNING ${sql.identifier(events.id.name)} AS id
    )
    SELECT pg_notify(${EVENTS_CHANNEL}, ${`${workspaceId}:`} || id) FROM inserted ORDER BY id`);
}
