/**
 * Who made a change. Every event carries one, so a listener can tell an agent's reply from a
 * team member's, or a customer's message from an integration's.
 */
export type ActorKind = 'api_key' | 'agent' | 'user' | 'contact' | 'system';

export interface Actor {
  kind: ActorKind;
  /** The API key's id, the agent's uuid, the user's uuid, the contact's uuid; null for `system`. */
  id: string | null;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null };

export function actorOf(kind: ActorKind, id: string | number | null): Actor {
  return { kind, id: id === null ? null : String(id) };
}
