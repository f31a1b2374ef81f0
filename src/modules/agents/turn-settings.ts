import type { Executor } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { TurnAgent } from '../agent-runtime/provider.js';
import { agentSettingsOf, squadSettingsOf, type AgentSettings, type ProviderName } from './agent-settings.js';
import * as repository from './agents.repository.js';

/** Everything the runtime needs to answer one turn as a responder. */
export interface AgentTurnSettings {
  /** The agent that answers (a squad's chosen member). */
  agentId: number;
  agentUuid: string;
  /** The version that writes the reply (004's responderVersionId). */
  versionId: string;
  version: number;
  agent: TurnAgent;
  provider: ProviderName;
  replyDelayMs: number;
  /** False when the agent (or squad) is switched off or a squad has no live member: stay silent. */
  enabled: boolean;
  fallbackMessage: string | null;
  greeting: string | null;
}

export function toTurnAgent(name: string, settings: AgentSettings): TurnAgent {
  return {
    name,
    instructions: settings.instructions,
    language: settings.language,
    model: settings.model,
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    captureFields: settings.captureFields,
    handoffKeywords: settings.handoffKeywords,
    handoffAfterMisses: settings.handoffAfterMisses,
  };
}

function fromAgentRow(row: repository.AgentRow, overrides: { enabled?: boolean; replyDelayMs?: number } = {}): AgentTurnSettings {
  const settings = agentSettingsOf(row.settings);
  return {
    agentId: row.id,
    agentUuid: row.uuid,
    versionId: row.versionUuid,
    version: row.version,
    agent: toTurnAgent(row.name, settings),
    provider: settings.provider,
    replyDelayMs: overrides.replyDelayMs ?? settings.replyDelayMs,
    enabled: settings.enabled && (overrides.enabled ?? true),
    fallbackMessage: settings.fallbackMessage,
    greeting: settings.greeting,
  };
}

/**
 * The turn settings of a chat's responder (an agent, or a squad answering through a member).
 * A squad's `first` mode answers through its first enabled member; `round_robin` spreads chats
 * over the enabled members by chat id, so a chat keeps its member without stored state.
 */
export async function findAgentTurnSettings(
  db: Executor,
  workspaceId: number,
  responderId: number,
  options: { chatId?: number } = {},
): Promise<AgentTurnSettings> {
  const row = await repository.findAgentRow(db, workspaceId, undefined, { id: responderId });
  if (!row) throw notFound('agent', responderId);
  if (row.kind === 'agent') return fromAgentRow(row);
  const squad = squadSettingsOf(row.settings);
  const rows = await repository.findAgentRowsByUuids(db, workspaceId, squad.members);
  const byUuid = new Map(rows.map((member) => [member.uuid, member]));
  const members = squad.members
    .map((uuid) => byUuid.get(uuid))
    .filter((member): member is repository.AgentRow => member !== undefined && agentSettingsOf(member.settings).enabled);
  if (members.length === 0) {
    return { ...fromAgentRow(row), agent: toTurnAgent(row.name, agentSettingsOf({})), enabled: false };
  }
  const index = squad.routingMode === 'round_robin' ? (options.chatId ?? 0) % members.length : 0;
  return fromAgentRow(members[index]!, { enabled: squad.enabled, replyDelayMs: squad.replyDelayMs });
}
