import type { Executor } from '../../db/client.js';
import * as repository from './agent-runs.repository.js';
import type { KnowledgePassage, TurnAgent } from './provider.js';

/** What the runtime needs to know of the agent answering a chat. */
export interface AnsweringAgent {
  agentId: number;
  agentUuid: string;
  /** The agent version answering (recorded on runs and replies as `responderVersionId`). */
  versionId: number | null;
  provider: 'builtin' | 'openai';
  /** Wait this long after the first customer message of a burst before answering it. */
  replyDelayMs: number;
  /** Sent when the provider failed every try; null: none. */
  fallbackMessage: string | null;
  /** Hand off to a person when the provider failed every try. */
  handoffOnFailure: boolean;
  turn: TurnAgent;
}

/**
 * Where the runtime learns who answers a chat. The agents module owns the configuration
 * (enabled, provider, delays, squads' members and their order); the runtime only asks.
 */
export interface AgentDirectory {
  /** The enabled agent answering for `responderId` on `chatId` (a squad answers through a member); null: nobody answers. */
  answeringAgent(db: Executor, workspaceId: number, responderId: number, chatId: number): Promise<AnsweringAgent | null>;
}

/** Knowledge retrieval for an agent (PostgreSQL full-text search in the knowledge module). */
export interface KnowledgeRetriever {
  retrieve(db: Executor, workspaceId: number, agentId: number, text: string, limit: number): Promise<KnowledgePassage[]>;
}

export const NO_KNOWLEDGE: KnowledgeRetriever = { retrieve: async () => [] };

export const DEFAULT_FALLBACK_MESSAGE = 'Sorry, I cannot answer right now. A person from our team will get back to you shortly.';

/**
 * The directory over today's agents table, until agents carry their own configuration: every
 * live agent answers with the builtin provider and default settings.
 */
export class DefaultAgentDirectory implements AgentDirectory {
  constructor(private readonly defaults: { replyDelayMs: number }) {}

  async answeringAgent(db: Executor, workspaceId: number, responderId: number, chatId: number): Promise<AnsweringAgent | null> {
    const responder = await repository.findResponder(db, workspaceId, responderId);
    if (!responder || responder.deletedAt) return null;
    // Squads get members with the agents' configuration; until then a squad has nobody to answer through.
    if (responder.kind === 'squad') return null;
    const agent = responder;
    void chatId;
    return {
      agentId: agent.id,
      agentUuid: agent.uuid,
      versionId: agent.versionId,
      provider: 'builtin',
      replyDelayMs: this.defaults.replyDelayMs,
      fallbackMessage: DEFAULT_FALLBACK_MESSAGE,
      handoffOnFailure: true,
      turn: {
        name: agent.name,
        instructions: '',
        language: 'auto',
        model: null,
        temperature: null,
        maxTokens: null,
        captureFields: ['name', 'email', 'phone', 'company'],
        handoffKeywords: [],
        handoffAfterMisses: null,
      },
    };
  }
}

/** How a squad picks the member that answers: `first`, or round robin by chat (a chat keeps its member, and chats spread evenly). */
export function pickMember<T>(members: T[], routing: 'first' | 'round_robin', chatId: number): T | undefined {
  return members[routing === 'round_robin' ? chatId % members.length : 0];
}
