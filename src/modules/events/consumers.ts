import type { SQL } from 'drizzle-orm';
import type { BackgroundContext } from '../../jobs/context.js';
import { inJobTransaction, type JobTransaction } from '../../jobs/connection.js';
import type { Actor } from '../../shared/actor.js';
import type { EventData, EventType } from './event-catalogue.js';
import type { PullResult } from './event-pump.js';
import {
  createEventCursor,
  isAfter,
  lockEventCursor,
  readEventsAfter,
  saveEventCursor,
  skipEventCursorToEnd,
} from './events.repository.js';

/** A committed event as a consumer gets it: `data` typed by its `type` (see event-catalogue.ts). */
export type ConsumedEvent<Type extends EventType = EventType> = {
  [Each in Type]: {
    /** Global, increasing: also the realtime stream's event id. */
    id: number;
    /** The stable public id webhooks send. */
    uuid: string;
    workspaceId: number;
    workspaceUuid: string;
    type: Each;
    data: EventData<Each>;
    actor: Actor;
    createdAt: Date;
  };
}[Type];

/** What `handle` is given besides the events: the batch's transaction, and the background's services. */
export interface ConsumerContext extends BackgroundContext {
  /** Commits with the cursor: write here (rows, jobs) and a crash redoes the batch, never half of it. */
  transaction: JobTransaction;
  /** Runs once the batch has committed (e.g. to wake the workers of the jobs it sent). */
  afterCommit: (work: () => void) => void;
}

export interface ConsumerSettings<Type extends EventType> {
  /** Unique: the name of its cursor row in event_cursors. Renaming it starts over from the first event. */
  name: string;
  /** The event types it gets, or '*' for every event. */
  types: readonly Type[] | '*';
  /**
   * Where a new cursor starts: at the first stored event (default: a consumer added to a
   * running system catches up on history, within RETENTION_DAYS), or `now`.
   */
  startAt?: 'start' | 'now';
  /** Events read per batch (default 500). */
  batchSize?: number;
  /**
   * When this SQL condition holds (checked in the batch's transaction), no event can concern
   * the consumer: its cursor jumps to the newest committed event instead of reading them all.
   */
  idleWhen?: SQL;
  /**
   * Handles one batch of events, all of the consumer's types, in commit order. Throwing rolls
   * the batch back and it is handed over again later: delivery is at least once, so a
   * handler's effects outside the transaction must be harmless to repeat.
   */
  handle(events: ConsumedEvent<Type>[], context: ConsumerContext): Promise<void>;
}

export interface ConsumerDefinition<Type extends EventType = EventType> extends ConsumerSettings<Type> {
  batchSize: number;
}

/**
 * An outbox consumer: it gets every committed event of its types once its transaction commits,
 * in (transaction, id) order, batch by batch, with its own cursor. List it in jobs/registry.ts.
 * Processes share a consumer through its cursor's row lock: one runs it at a time.
 */
export function defineConsumer<Type extends EventType>(settings: ConsumerSettings<Type>): ConsumerDefinition<Type> {
  return { ...settings, batchSize: settings.batchSize ?? 500 };
}

// A definition whatever its types, as the registry lists them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyConsumerDefinition = ConsumerDefinition<any>;

/**
 * Creates the consumer's cursor unless it exists. The background does this before it reports
 * started, so a consumer that starts at `now` gets every event committed after the start, not
 * only those after its first batch happens to run.
 */
export async function createConsumerCursor(definition: AnyConsumerDefinition, context: Pick<BackgroundContext, 'db'>): Promise<void> {
  await createEventCursor(context.db, definition.name, definition.startAt ?? 'start');
}

/**
 * Reads the consumer's next batch after its cursor, hands the events of its types to it and
 * moves the cursor past the whole batch, all in one transaction. Nothing to do when another
 * process holds the cursor.
 */
export async function runConsumerBatch(definition: AnyConsumerDefinition, context: BackgroundContext): Promise<PullResult> {
  const { name } = definition;
  const committed: Array<() => void> = [];
  const result = await inJobTransaction(context.db, async (transaction): Promise<PullResult> => {
    const cursor = await lockEventCursor(transaction.db, name, definition.startAt);
    if (!cursor) return { eventIds: [], more: false };
    if (definition.idleWhen && (await skipEventCursorToEnd(transaction.db, name, definition.idleWhen))) {
      return { eventIds: [], more: false, caughtUp: true };
    }
    const { events, next } = await readEventsAfter(transaction.db, cursor, definition.batchSize, definition.types);
    if (events.length > 0) {
      const consumed = events.map(({ position: _position, ...event }) => event) as ConsumedEvent[];
      await definition.handle(consumed, { ...context, transaction, afterCommit: (work) => committed.push(work) });
    }
    if (isAfter(next, cursor)) await saveEventCursor(transaction.db, name, next);
    return { eventIds: events.map((event) => event.id), more: events.length === definition.batchSize };
  });
  for (const work of committed) work();
  return result;
}
