import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import type { EventPayload, EventType } from './event-catalogue.js';
import { insertEventList } from './events-batch.repository.js';
import { insertEvent } from './events.repository.js';

/**
 * Records a domain event in the caller's transaction, with the tenant's actor. Services call
 * this for every change they make; listeners (webhooks, realtime, outbox consumers) never get
 * called directly. The type and its payload come from the catalogue (event-catalogue.ts).
 */
export async function recordEvent<Type extends EventType>(
  db: Executor,
  tenant: Pick<Tenant, 'workspaceId' | 'actor'>,
  type: Type,
  data: EventPayload<Type>,
): Promise<void> {
  // insertEvent stores it as JSON: dates become ISO strings, undefined fields are dropped.
  await insertEvent(db, tenant.workspaceId, tenant.actor, type, data);
}

/** One event of the catalogue, as recordEvents takes them. */
export type EventEntry = { [Type in EventType]: { type: Type; data: EventPayload<Type> } }[EventType];

/** recordEvent for several events (of any types) in one round trip, recorded in the order given. */
export async function recordEvents(db: Executor, tenant: Pick<Tenant, 'workspaceId' | 'actor'>, entries: EventEntry[]): Promise<void> {
  await insertEventList(
    db,
    tenant.workspaceId,
    entries.map((entry) => ({ ...entry, actor: tenant.actor })),
  );
}
