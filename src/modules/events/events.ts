import type { Executor } from '../../db/client.js';
import { insertEvent } from './events.repository.js';

/** `closed` is for tickets (`ticket.closed`), whose closing is an event of its own. */
export type EventAction = 'created' | 'updated' | 'deleted' | 'closed';

/**
 * Records a domain event in the caller's transaction. Services call this for every change
 * they make; listeners (webhooks, realtime) never get called directly.
 */
export async function recordEvent(db: Executor, workspaceId: number, entity: string, action: EventAction, data: unknown): Promise<void> {
  await insertEvent(db, workspaceId, `${entity}.${action}`, JSON.parse(JSON.stringify(data)));
}
