import type { ActorKind } from '../../shared/actor.js';
import type { StoredEvent } from './events.repository.js';

/** An event as webhooks deliver it and the realtime stream sends it. */
export interface EventEnvelope {
  /** Stable id: the same on every delivery attempt and replay of this event. */
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  /** Who made the change: `type` is api_key, agent, user, contact or system; `id` is null for system. */
  actor: { type: ActorKind; id: string | null };
  data: unknown;
}

export function toEventEnvelope(
  event: Pick<StoredEvent, 'uuid' | 'type' | 'createdAt' | 'workspaceUuid' | 'actor' | 'data'>,
): EventEnvelope {
  return {
    id: event.uuid,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    workspaceId: event.workspaceUuid,
    actor: { type: event.actor.kind, id: event.actor.id },
    data: event.data,
  };
}
