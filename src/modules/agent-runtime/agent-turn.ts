import { randomUUID } from 'node:crypto';
import type { Tenant } from '../../shared/tenant.js';
import { deliver } from '../messages/delivery.js';
import type { AgentDirectory, KnowledgeRetriever } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { AgentRunRow } from './agent-runs.repository.js';
import { callProvider, withTimeout, type ProviderCallOptions } from './provider-call.js';
import type { AgentProvider, ProviderReply, TurnContext } from './provider.js';
import { buildTurnContext, findPendingMessages } from './turn-context.js';
import { applyTurn, type SendDependencies, type TurnDecision } from './turn-send.js';

/** A queued turn: answer whatever the chat's customer wrote since the last answer. */
export interface AgentTurnJob {
  workspaceId: number;
  workspaceUuid: string;
  chatId: number;
}

export interface AgentTurnDependencies extends SendDependencies {
  directory: AgentDirectory;
  knowledge: KnowledgeRetriever;
  providers: Partial<Record<AgentProvider['name'], AgentProvider>>;
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
    const { db, directory, providers, handoffs } = this.dependencies;
    const tenant: Tenant = { workspaceId: job.workspaceId, workspaceUuid: job.workspaceUuid };
    const found = await repository.findChatForTurn(db, job.workspaceId, job.chatId);
    if (!found || found.chat.removedAt) return { ran: false, reason: 'chat removed' };
    const { chat } = found;
    const agent = await directory.answeringAgent(db, job.workspaceId, chat.responderId, chat.id);
    if (!agent) return { ran: false, reason: 'no enabled agent answers this chat' };
    const provider = providers[agent.provider];
    if (!provider) return { ran: false, reason: `provider ${agent.provider} is not available` };
    const messages = await findPendingMessages(db, job.workspaceId, chat.id);
    if (!messages) return { ran: false, reason: 'nothing to answer' };
    if (await handoffs.isAgentPaused(db, job.workspaceId, chat.id)) return { ran: false, reason: 'agent paused on this chat' };

    const answered = messages.pending.map((message) => message.id);
    const run = await repository.claimRun(db, job.workspaceId, {
      chatId: chat.id,
      agentId: agent.agentId,
      agentVersionId: agent.versionId,
      answeredMessageId: answered[answered.length - 1]!,
      answeredMessageIds: answered,
      claimToken: randomUUID(),
      leaseUntil: new Date(Date.now() + this.options.leaseMs),
      provider: provider.name,
      model: agent.turn.model,
    });
    if (!run) return { ran: false, reason: 'another turn answers these messages' };

    const context = await buildTurnContext(db, job.workspaceId, chat, agent, messages.recent, messages.pending, {
      knowledge: this.dependencies.knowledge,
      defaultPhoneCountry: this.options.defaultPhoneCountry,
    });
    const outcome = await callProvider(provider, context, this.options);
    const decision: TurnDecision = outcome.ok
      ? await this.decide(provider, context, outcome.reply)
      : {
          text: agent.fallbackMessage,
          toolCalls: [],
          recorded: [],
          handoff: agent.handoffOnFailure ? { reason: 'agent_could_not_answer', summary: await this.summarize(provider, context) } : null,
          failed: true,
          run: {},
        };
    decision.run = {
      ...decision.run,
      attempts: outcome.attempts,
      latencyMs: outcome.latencyMs,
      ...(outcome.ok ? {} : { error: outcome.error }),
    };
    const applied = await applyTurn(this.dependencies, tenant, chat.id, agent, run, decision);
    if (applied.delivery) {
      await deliver(db, tenant, applied.delivery.messageId, applied.delivery.delivery, this.dependencies.messaging);
    }
    return { ran: true, run: applied.run };
  }

  private async decide(provider: AgentProvider, context: TurnContext, reply: ProviderReply): Promise<TurnDecision> {
    const handoffCall = reply.toolCalls.find((call) => call.name === 'handoff_to_human');
    if (handoffCall && typeof handoffCall.arguments.summary !== 'string') {
      handoffCall.arguments = { ...handoffCall.arguments, summary: await this.summarize(provider, context) };
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
