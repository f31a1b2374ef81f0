import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import type { Actor, ActorKind } from '../../shared/actor.js';
import { workspaces } from '../workspaces/workspaces.table.js';
import { eventCursors, events } from './events.table.js';

/** The channel on which committed events are announced as `<workspaceId>:<eventId>:<type>`. */
export const EVENTS_CHANNEL = 'switchboard_events';

/**
 * The NOTIFY announcing one inserted event, for a statement with the event's `id` and `type`
 * in scope (an INSERT's RETURNING read back through a CTE). Delivered only if and when the
 * transaction commits. The type lets a reader that wants other types ignore it unread.
 */
export const notifyInserted = (workspaceId: number) => sql`pg_notify(${EVENTS_CHANNEL}, ${`${workspaceId}:`} || id || ':' || type)`;

export async function insertEvent(
  db: Executor,
  workspaceId: number,
  actor: Actor,
  type: string,
  data: unknown,
): Promise<{ id: number; uuid: string }> {
  // One round trip: the row, and its NOTIFY (delivered only if and when the transaction commits).
  const result = await db.execute<{ id: string; uuid: string }>(sql`
    WITH inserted AS (
      INSERT INTO ${events} (workspace_id, type, data, actor_kind, actor_id)
      VALUES (${workspaceId}, ${type}, ${JSON.stringify(data)}::jsonb, ${actor.kind}, ${actor.id})
      RETURNING id, uuid, type
    )
    SELECT id, uuid, ${notifyInserted(workspaceId)} FROM inserted`);
  const row = result.rows[0]!;
  return { id: Number(row.id), uuid: row.uuid };
}

/** A place in the (transaction, id) order of events: readers continue strictly after it. */
export interface EventPosition {
  transactionId: string;
  eventId: number;
}

export const START_OF_EVENTS: EventPosition = { transactionId: '0', eventId: 0 };

export interface StoredEvent {
  workspaceId: number;
  workspaceUuid: string;
  id: number;
  uuid: string;
  type: string;
  data: unknown;
  actor: Actor;
  createdAt: Date;
  position: EventPosition;
}

const storedEventColumns = {
  workspaceId: events.workspaceId,
  workspaceUuid: workspaces.uuid,
  id: events.id,
  uuid: events.uuid,
  type: events.type,
  data: events.data,
  actorKind: events.actorKind,
  actorId: events.actorId,
  createdAt: events.createdAt,
  transactionId: sql<string>`${events.transactionId}::text`,
};

type StoredEventRow = Omit<StoredEvent, 'position' | 'actor'> & { transactionId: string; actorKind: ActorKind; actorId: string | null };

function toStoredEvent({ transactionId, actorKind, actorId, ...row }: StoredEventRow): StoredEvent {
  return { ...row, actor: { kind: actorKind, id: actorId }, position: { transactionId, eventId: row.id } };
}

/**
 * Events after `position`, in (transaction, id) order, that can no longer be preceded by one
 * still uncommitted: only those whose transaction is older than the oldest one running. The
 * horizon is read in the same statement as the rows, so both come from one snapshot.
 */
function committedAfter(position: EventPosition) {
  return and(
    sql`(${events.transactionId}, ${events.id}) > (${position.transactionId}::xid8, ${position.eventId}::bigint)`,
    sql`${events.transactionId} < pg_snapshot_xmin(pg_current_snapshot())`,
  );
}

/**
 * Every workspace's events after `position` (or only those of `types`), up to `limit`, and
 * the position a reader can move to: past the last one read, or, when fewer than `limit` came
 * back, past every event whose transaction had finished when the read began. A reader of some
 * types thus skips the others without reading them, however many there are.
 */
export async function readEventsAfter(
  db: Executor,
  position: EventPosition,
  limit: number,
  types: readonly string[] | '*' = '*',
): Promise<{ events: StoredEvent[]; next: EventPosition }> {
  // Read first: every transaction older than it has finished, so the read below sees their events.
  const horizon = types === '*' ? undefined : await currentPosition(db);
  const rows = await db
    .select(storedEventColumns)
    .from(events)
    .innerJoin(workspaces, eq(workspaces.id, events.workspaceId))
    .where(and(committedAfter(position), types === '*' ? undefined : inArray(events.type, [...types])))
    .orderBy(asc(events.transactionId), asc(events.id))
    .limit(limit);
  const read = rows.map(toStoredEvent);
  let next = read.at(-1)?.position ?? position;
  if (horizon && read.length < limit && isAfter(horizon, next)) next = horizon;
  return { events: read, next };
}

/** Whether `a` comes after `b` in the (transaction, id) order. */
export function isAfter(a: EventPosition, b: EventPosition): boolean {
  const [ta, tb] = [BigInt(a.transactionId), BigInt(b.transactionId)];
  return ta > tb || (ta === tb && a.eventId > b.eventId);
}

export async function readWorkspaceEventsAfter(
  db: Executor,
  workspaceId: number,
  position: EventPosition,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .select(storedEventColumns)
    .from(events)
    .innerJoin(workspaces, eq(workspaces.id, events.workspaceId))
    .where(and(eq(events.workspaceId, workspaceId), committedAfter(position)))
    .orderBy(asc(events.transactionId), asc(events.id))
    .limit(limit);
  return rows.map(toStoredEvent);
}

/** Where the workspace's event `eventId` sits in the read order, if it exists. */
export async function findEventPosition(db: Executor, workspaceId: number, eventId: number): Promise<EventPosition | undefined> {
  const [row] = await db
    .select({ transactionId: sql<string>`${events.transactionId}::text` })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.id, eventId)));
  return row ? { transactionId: row.transactionId, eventId } : undefined;
}

/** The position just before anything not yet committed: a reader starting here sees only what comes next. */
export async function currentPosition(db: Executor): Promise<EventPosition> {
  const result = await db.execute<{ transaction_id: string }>(sql`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS transaction_id`);
  return { transactionId: result.rows[0]!.transaction_id, eventId: 0 };
}

/**
 * Locks the named cursor for the caller's transaction, creating it when it does not exist: at
 * the start of the events, or `now` (after everything committed so far). Undefined when another process holds it: that one is doing the work.
 */
export async function lockEventCursor(db: Executor, name: string, startAt: 'start' | 'now' = 'start'): Promise<EventPosition | undefined> {
  await createEventCursor(db, name, startAt);
  const [row] = await db
    .select({ transactionId: sql<string>`${eventCursors.transactionId}::text`, eventId: eventCursors.eventId })
    .from(eventCursors)
    .where(eq(eventCursors.name, name))
    .for('update', { skipLocked: true });
  return row;
}

/** Creates the named cursor unless it exists: at the start of the events, or `now` (after everything committed so far). */
export async function createEventCursor(db: Executor, name: string, startAt: 'start' | 'now'): Promise<void> {
  const transactionId = startAt === 'start' ? sql`${START_OF_EVENTS.transactionId}::xid8` : sql`pg_snapshot_xmin(pg_current_snapshot())`;
  await db.insert(eventCursors).values({ name, transactionId, eventId: 0 }).onConflictDoNothing();
}

export async function saveEventCursor(db: Executor, name: string, position: EventPosition): Promise<void> {
  await db
    .update(eventCursors)
    .set({ transactionId: sql`${position.transactionId}::xid8`, eventId: position.eventId, updatedAt: sql`now()` })
    .where(eq(eventCursors.name, name));
}

/**
 * Moves the cursor to the newest committed event, skipping the rest: for a reader with nobody
 * to deliver to. One statement, so the horizon and the caller's condition share a snapshot.
 * True when it moved.
 */
export async function skipEventCursorToEnd(db: Executor, name: string, onlyIf: SQL): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE ${eventCursors} SET
      transaction_id = latest.transaction_id,
      event_id = latest.id,
      updated_at = now()
    FROM (
      SELECT ${events.transactionId} AS transaction_id, ${events.id} AS id FROM ${events}
      WHERE ${events.transactionId} < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY ${events.transactionId} DESC, ${events.id} DESC
      LIMIT 1
    ) AS latest
    WHERE ${eventCursors.name} = ${name}
      AND (latest.transaction_id, latest.id) > (${eventCursors.transactionId}, ${eventCursors.eventId})
      AND ${onlyIf}`);
  return (result.rowCount ?? 0) > 0;
}
