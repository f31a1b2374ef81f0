import type { Executor } from '../../db/client.js';
import { invalid } from '../../shared/errors.js';
import { findDefinitionsByKeys } from '../custom-fields/custom-fields.repository.js';
import { standardCaptureFields, type AgentSettings, type SquadSettings } from './agent-settings.js';
import { findAgentRowsByUuids } from './agents.repository.js';

/** What the server knows of its LLM, to refuse an `openai` agent that could never answer. */
export interface LlmDefaults {
  /** LLM_BASE_URL; unset means only the builtin provider can answer. */
  baseUrl?: string;
  /** LLM_MODEL: the model of agents that name none. */
  model?: string;
}

/**
 * Rules the wire schema cannot state alone: an `openai` agent needs instructions, a model
 * (its own or LLM_MODEL) and a configured LLM; custom capture fields must be defined contact
 * fields. Each failure names the field.
 */
export async function validateAgentSettings(db: Executor, workspaceId: number, settings: AgentSettings, llm: LlmDefaults): Promise<void> {
  if (settings.provider === 'openai') {
    if (!llm.baseUrl) throw invalid('provider', 'openai needs LLM_BASE_URL set on the server; use builtin or configure an LLM');
    if (settings.instructions.trim() === '') throw invalid('instructions', 'must not be empty when provider is openai');
    if (!settings.model && !llm.model) throw invalid('model', 'name a model (the server has no LLM_MODEL default)');
  }
  const seen = new Set<string>();
  const custom: string[] = [];
  settings.captureFields.forEach((key, index) => {
    if (seen.has(key)) throw invalid(`captureFields[${index}]`, `"${key}" is listed twice`);
    seen.add(key);
    if (!(standardCaptureFields as readonly string[]).includes(key)) custom.push(key);
  });
  if (custom.length === 0) return;
  const defined = new Set((await findDefinitionsByKeys(db, workspaceId, 'CONTACT', custom)).map((definition) => definition.fieldKey));
  const missing = custom.find((key) => !defined.has(key));
  if (missing !== undefined) {
    throw invalid(
      `captureFields[${settings.captureFields.indexOf(missing)}]`,
      `"${missing}" is neither name, email, phone, company nor a defined contact custom field key`,
    );
  }
}

/** Squad members must be live agents of the workspace, each listed once. */
export async function validateSquadSettings(db: Executor, workspaceId: number, settings: SquadSettings): Promise<void> {
  const found = new Set((await findAgentRowsByUuids(db, workspaceId, settings.members)).map((row) => row.uuid));
  const seen = new Set<string>();
  settings.members.forEach((uuid, index) => {
    if (seen.has(uuid)) throw invalid(`members[${index}]`, `agent ${uuid} is listed twice`);
    seen.add(uuid);
    if (!found.has(uuid)) throw invalid(`members[${index}]`, `no agent ${uuid} in this workspace`);
  });
}
