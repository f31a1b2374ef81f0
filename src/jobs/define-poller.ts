import type { Config } from '../config.js';
import type { EventNotifications } from '../modules/events/event-notifications.js';
import type { BackgroundContext } from './context.js';

/**
 * Work that claims rows of a table of its own (not events, not pg-boss jobs), such as stored
 * inbound provider webhooks: run batch after batch while `more`, whenever a notification says
 * there is something new, and every `pollMs` in case one was missed.
 */
export interface PollerDefinition {
  name: string;
  pollMs: number | ((config: Config) => number);
  /** Subscribes `wake` to the notifications that announce new rows; returns the unsubscribe. */
  wakeOn?(notifications: EventNotifications, wake: () => void): () => void;
  /** Processes one batch; `more` when another may be waiting now. */
  runBatch(context: BackgroundContext): Promise<{ more: boolean }>;
}

export function definePoller(definition: PollerDefinition): PollerDefinition {
  return definition;
}
