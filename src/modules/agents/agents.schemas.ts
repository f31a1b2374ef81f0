import type { AgentSettings, ResponderSettings, SquadSettings } from './agent-settings.js';

/** Agents answer chats; squads are groups of agents that answer as one. Both are responders. */
export const responderKinds = ['agent', 'squad'] as const;
export type ResponderKind = (typeof responderKinds)[number];

/** How callers name an agent, squad or channel: its numeric id or its uuid. */
export type EntityReference = { id: number } | { uuid: string };

export interface Agent {
  id: number;
  uuid: string;
  kind: ResponderKind;
  tenantId: string;
  name: string;
  picture: string | null;
  /** Increases on every change. */
  version: number;
  /** Uuid of the current version. */
  versionId: string;
  /** AgentSettings for an agent, SquadSettings for a squad. */
  settings: ResponderSettings;
  createdAt: Date;
  updatedAt: Date;
}

export interface AgentVersion {
  uuid: string;
  agentUuid: string;
  version: number;
  name: string;
  picture: string | null;
  settings: ResponderSettings;
  createdAt: Date;
}

/** A write to an agent or squad: absent fields stay as they are, null clears. */
export interface AgentInput {
  name?: string;
  picture?: string | null;
  /** Agent settings to change (agents only); absent ones stay. */
  agent?: Partial<AgentSettings>;
  /** Squad settings to change (squads only); absent ones stay. */
  squad?: Partial<SquadSettings>;
}

export function describeReference(reference: EntityReference): string | number {
  return 'id' in reference ? reference.id : reference.uuid;
}
