import type { AgentLanguage, CaptureFieldName } from '../agent-runtime/provider.js';

export const agentLanguages = ['en', 'es', 'auto'] as const;
export const providerNames = ['builtin', 'openai'] as const;
export type ProviderName = (typeof providerNames)[number];
export const routingModes = ['first', 'round_robin'] as const;
export type RoutingMode = (typeof routingModes)[number];

/** The contact fields every agent can capture; anything else in captureFields is a contact custom field key. */
export const standardCaptureFields = ['name', 'email', 'phone', 'company'] as const;

/** How an agent answers: stored whole in agents.settings and snapshotted in every version. */
export interface AgentSettings {
  instructions: string;
  /** First message of a chat the agent starts; null: none. */
  greeting: string | null;
  language: AgentLanguage;
  provider: ProviderName;
  /** Overrides LLM_MODEL for the openai provider; null: the server's default. */
  model: string | null;
  temperature: number | null;
  maxTokens: number | null;
  captureFields: CaptureFieldName[];
  handoffKeywords: string[];
  /** Hand off after this many consecutive unanswered turns; null: never for that reason. */
  handoffAfterMisses: number | null;
  /** How long the runtime waits after a customer message, so a burst gets one answer. */
  replyDelayMs: number;
  enabled: boolean;
  /** Sent when the provider fails for good; null: hand off silently. */
  fallbackMessage: string | null;
}

/** A squad answers through one of its member agents. */
export interface SquadSettings {
  /** Member agent uuids, in order (`first` answers through the first enabled one). */
  members: string[];
  routingMode: RoutingMode;
  enabled: boolean;
  replyDelayMs: number;
}

export type ResponderSettings = AgentSettings | SquadSettings;

export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  instructions: '',
  greeting: null,
  language: 'auto',
  provider: 'builtin',
  model: null,
  temperature: null,
  maxTokens: null,
  captureFields: ['name', 'email', 'phone'],
  handoffKeywords: [],
  handoffAfterMisses: 3,
  replyDelayMs: 2000,
  enabled: true,
  fallbackMessage: null,
};

export const DEFAULT_SQUAD_SETTINGS: SquadSettings = { members: [], routingMode: 'first', enabled: true, replyDelayMs: 2000 };

/** Stored settings over the defaults (rows written before a setting existed read as its default). */
export function agentSettingsOf(stored: unknown): AgentSettings {
  return { ...DEFAULT_AGENT_SETTINGS, ...(stored as Partial<AgentSettings>) };
}

export function squadSettingsOf(stored: unknown): SquadSettings {
  return { ...DEFAULT_SQUAD_SETTINGS, ...(stored as Partial<SquadSettings>) };
}

/** Absent fields keep their value; null clears a nullable one. */
export function mergeSettings<T extends object>(current: T, changes: Partial<T> | undefined): T {
  if (!changes) return current;
  const next = { ...current };
  for (const [key, value] of Object.entries(changes) as [keyof T, T[keyof T]][]) {
    if (value !== undefined) next[key] = value;
  }
  return next;
}

export function sameSettings(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
