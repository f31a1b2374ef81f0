import type { Database } from '../../db/client.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import type { EntityReference } from '../agents/agents.schemas.js';
import * as agentsRepository from '../agents/agents.repository.js';
import * as chatsRepository from '../chats/chats.repository.js';
import type { AgentsService } from '../agents/agents.service.js';
import { findAnsweringAgent, providerFor, retrievePassages } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { AgentRunRow } from './agent-runs.repository.js';
import { callProvider, type ProviderCallOptions } from './provider-call.js';
import type { KnowledgePassage, ProviderReply, TurnMessage } from './provider.js';
import type { AgentProviders } from './providers/index.js';

export interface PreviewInput {
  message: string;
  /** Earlier messages of the imagined conversation, oldest first. */
  history?: Array<{ role: 'customer' | 'agent'; text: string }>;
  /** What the agent should take as already known of the customer. */
  known?: Record<string, string>;
}

export interface PreviewResult {
  reply: ProviderReply;
  passages: KnowledgePassage[];
  latencyMs: number;
}

/** Reading agent runs, and trying an agent out without a chat. */
export class AgentRunsService {
  constructor(
    private readonly db: Database,
    private readonly dependencies: {
      agents: AgentsService;
      providers: Partial<AgentProviders>;
      defaultPhoneCountry: string;
      call: ProviderCallOptions;
    },
  ) {}

  async findAgentRuns(tenant: Tenant, reference: EntityReference, page: { limit: number; offset: number }) {
    const agent = await agentsRepository.findAgentRow(this.db, tenant.workspaceId, 'agent', reference);
    if (!agent) throw notFound('agent', 'id' in reference ? reference.id : reference.uuid);
    return repository.findRunRows(this.db, tenant.workspaceId, { agentId: agent.id }, page);
  }

  async findChatRuns(
    tenant: Tenant,
    chatUuid: string,
    page: { limit: number; offset: number },
  ): Promise<{ rows: AgentRunRow[]; total: number }> {
    const chat = await chatsRepository.findChatRow(this.db, tenant.workspaceId, { uuid: chatUuid });
    if (!chat) throw notFound('chat', chatUuid);
    return repository.findRunRows(this.db, tenant.workspaceId, { chatId: chat.id }, page);
  }

  /**
   * Answers a message as the agent would, in a sandbox: no chat, no channel, nothing stored;
   * the proposed tool calls are returned, not applied.
   */
  async previewReply(tenant: Tenant, reference: EntityReference, input: PreviewInput): Promise<PreviewResult> {
    const row = await agentsRepository.findAgentRow(this.db, tenant.workspaceId, 'agent', reference);
    if (!row) throw notFound('agent', 'id' in reference ? reference.id : reference.uuid);
    const agent = await findAnsweringAgent(this.dependencies.agents, this.db, tenant.workspaceId, row.id, 0);
    if (!agent) throw new AppError('CONFLICT', `agent ${row.uuid} is disabled; enable it to preview its answers`);
    const provider = providerFor(this.dependencies.providers, agent);
    if (!provider) throw new AppError('UNAVAILABLE', `the ${agent.provider} provider is not available on this server`);
    const now = new Date();
    const messages: TurnMessage[] = [
      ...(input.history ?? []).map((message) => ({ role: message.role, text: message.text, at: now })),
      { role: 'customer', text: input.message, at: now },
    ];
    const passages = await retrievePassages(this.db, tenant.workspaceId, agent, input.message, 4);
    const outcome = await callProvider(
      provider,
      {
        agent: agent.turn,
        messages,
        known: input.known ?? {},
        passages,
        misses: 0,
        defaultPhoneCountry: this.dependencies.defaultPhoneCountry,
      },
      this.dependencies.call,
    );
    if (!outcome.ok) throw new AppError('BAD_GATEWAY', `the ${agent.provider} provider did not answer: ${outcome.error}`);
    return { reply: outcome.reply, passages, latencyMs: outcome.latencyMs };
  }
}
