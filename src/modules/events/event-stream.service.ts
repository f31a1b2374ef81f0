import type { Database } from '../../db/client.js';
import { invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { toEventEnvelope, type EventEnvelope } from './event-envelope.js';
import type { EventNotifications } from './event-notifications.js';
import { EventPump } from './event-pump.js';
import { matchesEventType } from './event-types.js';
import { currentPosition, findEventPosition, readWorkspaceEventsAfter, type EventPosition } from './events.repository.js';

const BATCH_SIZE = 200;

export interface StreamedEvent {
  /** The event's position id: what a client sends back as Last-Event-ID to resume. */
  sequence: number;
  envelope: EventEnvelope;
}

export interface OpenStreamOptions {
  /** Event type patterns (see event-types.ts); empty for every event. */
  types: string[];
  /** Resume after this event (the last one the client received). */
  lastEventId?: number;
  /** Keeps only the events it accepts (e.g. one chat's messages, for a widget visitor). */
  filter?: (envelope: EventEnvelope) => boolean;
  onError: (error: unknown) => void;
}

export interface EventStream {
  /** Sends the events after the starting point, then each new one as it commits. */
  start(send: (events: StreamedEvent[]) => void): void;
  close(): void;
}

/**
 * A workspace's live event feed. Events come from the events table in commit-safe order (see
 * events.repository.ts), so resuming after the last received id neither skips nor repeats
 * one; the LISTEN connection only says when to read.
 */
export class EventStreamService {
  constructor(
    private readonly db: Database,
    readonly notifications: EventNotifications,
    /** How often an idle stream sends a comment line, so proxies keep it open. */
    readonly heartbeatMs: number,
    /** How long one stream stays open; the client then reconnects with Last-Event-ID (and meets a revoked key's 401). */
    readonly maxStreamMs: number,
  ) {}

  /** Checks the starting point before the caller commits to a streaming response. */
  async openStream(tenant: Tenant, options: OpenStreamOptions): Promise<EventStream> {
    let position: EventPosition | undefined =
      options.lastEventId === undefined
        ? await currentPosition(this.db)
        : await findEventPosition(this.db, tenant.workspaceId, options.lastEventId);
    if (!position) throw invalid('Last-Event-ID', `${options.lastEventId} is not the id of an event of this workspace`);
    const { workspaceId } = tenant;
    const unsubscribe: Array<() => void> = [];
    let pump: EventPump | undefined;
    return {
      start: (send) => {
        pump = new EventPump(async () => {
          const rows = await readWorkspaceEventsAfter(this.db, workspaceId, position!, BATCH_SIZE);
          if (rows.length > 0) position = rows[rows.length - 1]!.position;
          const wanted = rows
            .filter((row) => options.types.length === 0 || matchesEventType(options.types, row.type))
            .map((row) => ({ sequence: row.id, envelope: toEventEnvelope(row) }))
            .filter((event) => !options.filter || options.filter(event.envelope));
          if (wanted.length > 0) send(wanted);
          return { eventIds: rows.map((row) => row.id), more: rows.length === BATCH_SIZE };
        }, options.onError);
        const started = pump;
        unsubscribe.push(
          this.notifications.onNotice((notice) => {
            if (notice.workspaceId === workspaceId) started.notify(notice.eventId);
          }),
          this.notifications.onConnected(() => started.wake()),
        );
        started.wake();
      },
      close: () => {
        void pump?.stop();
        for (const off of unsubscribe) off();
      },
    };
  }
}
