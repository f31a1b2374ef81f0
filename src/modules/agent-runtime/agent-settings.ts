import type { Executor } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { AgentsService } from '../agents/agents.service.js';
import { findVersionRow } from '../agents/agents.repository.js';
import { searchKnowledge } from '../knowledge/knowledge.service.js';
import { detectLanguage } from '../knowledge/language.js';
import type { AgentProviders } from './providers/index.js';
import type { AgentProvider, KnowledgePassage, TurnAgent } from './provider.js';

/** What the runtime needs to know of the agent answering a chat (a squad's member, for a squad). */
export interface AnsweringAgent {
  agentId: number;
  agentUuid: string;
  /** The agent version answering: its uuid is the reply's `responderVersionId`; its row id is recorded on the run. */
  versionUuid: string;
  versionId: number | null;
  provider: AgentProvider['name'];
  /** Wait this long after the first customer message of a burst before answering it. */
  replyDelayMs: number;
  /** Sent when the provider failed every try; null: the handoff alone. */
  fallbackMessage: string | null;
  turn: TurnAgent;
}

/**
 * The enabled agent answering for `responderId` on `chatId`, from the agents module's turn
 * settings (a squad answers through its member); null when nobody answers (switched off,
 * deleted, a squad without live members).
 */
export async function findAnsweringAgent(
  agents: AgentsService,
  db: Executor,
  workspaceId: number,
  responderId: number,
  chatId: number,
): Promise<AnsweringAgent | null> {
  const settings = await agents.getAgentTurnSettings(workspaceId, responderId, { chatId, db }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  if (!settings?.enabled) return null;
  return {
    agentId: settings.agentId,
    agentUuid: settings.agentUuid,
    versionUuid: settings.versionId,
    versionId: null,
    provider: settings.provider,
    replyDelayMs: settings.replyDelayMs,
    fallbackMessage: settings.fallbackMessage,
    turn: settings.agent,
  };
}

/** The answering agent with its version's row id, for the run that records it. */
export async function withVersionRowId(db: Executor, workspaceId: number, agent: AnsweringAgent): Promise<AnsweringAgent> {
  const version = await findVersionRow(db, workspaceId, agent.versionUuid);
  return { ...agent, versionId: version?.id ?? null };
}

/** The provider an agent's `provider` setting names, if this server has it (openai needs LLM_BASE_URL). */
export function providerFor(providers: Partial<AgentProviders>, agent: AnsweringAgent): AgentProvider | undefined {
  return providers[agent.provider] ?? undefined;
}

/**
 * The knowledge base's passages for the customer's words (PostgreSQL full-text search), in the
 * customer's language when the agent's is `auto`.
 */
export function retrievePassages(
  db: Executor,
  workspaceId: number,
  agent: AnsweringAgent,
  text: string,
  limit: number,
): Promise<KnowledgePassage[]> {
  const language = agent.turn.language === 'auto' ? (detectLanguage(text) ?? 'auto') : agent.turn.language;
  return searchKnowledge(db, workspaceId, agent.agentId, text, language, limit);
}
