import type { StoredEvent } from './events.repository.js';

/** An event as webhooks deliver it and the realtime stream sends it. */
export interface EventEnvelope {
  /** Stable id: the same on every delivery attempt and replay of this event. */
  id: string;
  type: string;
  createdAt: string;
  workspaceId: string;
  data: unknown;
}

export function toEventEnvelope(event: Pick<StoredEvent, 'uuid' | 'type' | 'createdAt' | 'workspaceUuid' | 'data'>): EventEnvelope {
  return { id: event.uuid, type: event.type, createdAt: event.createdAt.toISOString(), workspaceId: event.workspaceUuid, data: event.data };
}
