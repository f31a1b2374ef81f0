import { randomUUID } from 'node:crypto';
import { actorOf } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import type { AgentsService } from '../agents/agents.service.js';
import type { WorkspacesService } from '../workspaces/workspaces.service.js';
import { findAnsweringAgent, providerFor, type AnsweringAgent } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { AgentRunRow } from './agent-runs.repository.js';
import { callProvider, withTimeout, type ProviderCallOptions } from './provider-call.js';
import type { AgentProvider, ProviderReply, TurnContext } from './provider.js';
import type { AgentProviders } from './providers/index.js';
import { buildTurnContext, pendingMessages, RECENT_MESSAGES, RECENT_RUNS } from './turn-context.js';
import { findTurnChat, type RecentMessage, type TurnChat } from './turn-reads.repository.js';
import type { AgentTurnJob } from './turn-queue.js';
import { applyTurn, type SendDependencies, type TurnDecision } from './turn-send.js';

export interface AgentTurnDependencies extends SendDependencies {
  agents: AgentsService;
  workspaces: WorkspacesService;
  /** From createAgentProviders(config); the agent's `provider` setting picks one. */
  providers: Partial<AgentProviders>;
}

export interface AgentTurnOptions extends ProviderCallOptions {
  defaultPhoneCountry: string;
  /** A running run older than this is taken to be abandoned (its process died) and may be claimed again. */
  leaseMs: number;
}

export type TurnResult = { ran: false; reason: string } | { ran: true; run: AgentRunRow | undefined };

/**
 * One agent turn on one chat. Safe to run twice, or in two processes at once: the turn is
 * keyed on the last customer message it answers, and only the claimer of that key sends.
 */
export class AgentTurns {
  constructor(
    private readonly dependencies: AgentTurnDependencies,
    private readonly options: AgentTurnOptions,
  ) {}

  async runTurn(job: AgentTurnJob): Promise<TurnResult> {
    const { db, agents, providers, handoffs } = this.dependencies;
    // One statement for the chat, its latest messages and what its runs answered.
    const chat = await findTurnChat(db, job.workspaceId, job.chatId, { messages: RECENT_MESSAGES, runs: RECENT_RUNS });
    if (!chat || chat.removedAt) return { ran: false, reason: 'chat removed' };
    const pending = pendingMessages(chat);
    if (pending.length === 0) return { ran: false, reason: 'nothing to answer' };
    const answering = await findAnsweringAgent(agents, db, job.workspaceId, chat.responderId, chat.id);
    if (!answering) return { ran: false, reason: 'no enabled agent answers this chat' };
    const provider = providerFor(providers, answering);
    if (!provider) return { ran: false, reason: `provider ${answering.provider} is not available` };
    if (await handoffs.isAgentPaused(db, job.workspaceId, chat.id)) return { ran: false, reason: 'agent paused on this chat' };
    // The agent's replies and tool effects are its own: every event they record names it.
    // (The workspace exists: its chats go with it.)
    const tenant: Tenant = { workspaceId: job.workspaceId, workspaceUuid: job.workspaceUuid, actor: actorOf('agent', answering.agentUuid) };

    const answered = pending.map((message) => message.id);
    const run = await repository.claimRun(
      db,
      job.workspaceId,
      {
        chatId: chat.id,
        agentId: answering.agentId,
        answeredMessageId: answered[answered.length - 1]!,
        answeredMessageIds: answered,
        claimToken: randomUUID(),
        leaseUntil: new Date(Date.now() + this.options.leaseMs),
        provider: provider.name,
        model: answering.turn.model,
      },
      answering.versionUuid,
    );
    if (!run) return { ran: false, reason: 'another turn answers these messages' };
    const agent: AnsweringAgent = { ...answering, versionId: run.agentVersionId };
    try {
      return await this.answer(provider, tenant, chat, agent, run, pending);
    } catch (error) {
      // Let the job's retry claim it again at once, instead of waiting out the lease.
      await repository.releaseRun(db, job.workspaceId, run.id, run.claimToken).catch(() => {});
      throw error;
    }
  }

  private async answer(
    provider: AgentProvider,
    tenant: Tenant,
    chat: TurnChat,
    agent: AnsweringAgent,
    run: AgentRunRow,
    pending: RecentMessage[],
  ): Promise<TurnResult> {
    const { db } = this.dependencies;
    const context = await buildTurnContext(db, tenant.workspaceId, chat, agent, pending, {
      defaultPhoneCountry: this.options.defaultPhoneCountry,
    });
    const outcome = await callProvider(provider, context, this.options);
    const decision: TurnDecision = outcome.ok
      ? await this.decide(provider, context, outcome.reply)
      : {
          text: agent.fallbackMessage,
          toolCalls: [],
          recorded: [],
          // A fallback message (if the agent has one) and a person: never silence without a trace.
          handoff: { reason: 'agent_could_not_answer', summary: await this.summarize(provider, context) },
          failed: true,
          run: {},
        };
    decision.run = {
      ...decision.run,
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
      ...(outcome.ok ? {} : { error: outcome.error }),
    };
    const applied = await applyTurn(this.dependencies, tenant, chat, agent, run, decision);
    // Sent at once; the send job queued with the reply sends it if this process dies first.
    if (applied.sendMessageId) await this.dependencies.messaging.sends.send(tenant, applied.sendMessageId);
    return { ran: true, run: applied.run };
  }

  private async decide(provider: AgentProvider, context: TurnContext, reply: ProviderReply): Promise<TurnDecision> {
    const handoffCall = reply.toolCalls.find((call) => call.name === 'handoff_to_human');
    if (handoffCall) {
      // The ticket's summary is the provider's, written knowing what this turn captured.
      const captured = reply.toolCalls.filter((call) => call.name === 'capture_contact').map((call) => call.arguments);
      const known = Object.assign({}, context.known, ...captured) as TurnContext['known'];
      handoffCall.arguments = { ...handoffCall.arguments, summary: await this.summarize(provider, { ...context, known }) };
    }
    return {
      text: reply.text,
      toolCalls: reply.toolCalls,
      recorded: reply.rejectedToolCalls.map((call) => ({
        name: call.name,
        arguments: call.raw,
        outcome: 'rejected' as const,
        error: call.error,
      })),
      handoff: null,
      failed: false,
      run: {
        model: reply.model,
        answered: reply.answered,
        promptTokens: reply.usage?.promptTokens ?? null,
        completionTokens: reply.usage?.completionTokens ?? null,
      },
    };
  }

  /** The ticket's summary; a plain one from the customer's words when the provider cannot write it. */
  private async summarize(provider: AgentProvider, context: TurnContext): Promise<string> {
    try {
      return await withTimeout(this.options.timeoutMs, (signal) => provider.summarize(context, { signal }));
    } catch {
      const said = context.messages.filter((message) => message.role === 'customer').slice(-3);
      return `The customer wrote: ${said.map((message) => message.text).join(' / ')}`.slice(0, 2000);
    }
  }
}
