import type { AgentRunRow } from './agent-runs.repository.js';
import type { RecordedToolCall } from './agent-runs.table.js';

/** One agent turn as its events (`agent.run.completed`, `agent.run.failed`) carry it. */
export interface AgentRun {
  id: string;
  tenantId: string;
  chatId: number;
  agentId: number;
  agentVersionId: number | null;
  answeredMessageIds: number[];
  /** running, completed, paused (a handoff landed first) or failed. */
  status: string;
  /** answered, acted, handoff, fallback, suppressed or not_sent. */
  outcome: string | null;
  provider: string;
  model: string | null;
  attempts: number;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  toolCalls: RecordedToolCall[];
  answered: boolean | null;
  replyMessageId: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** A run's row as its events and the API show it, but for the workspace (events add `tenantId`). */
export function agentRunFields(run: AgentRunRow): Omit<AgentRun, 'tenantId'> {
  return {
    id: run.uuid,
    chatId: run.chatId,
    agentId: run.agentId,
    agentVersionId: run.agentVersionId,
    answeredMessageIds: run.answeredMessageIds,
    status: run.status,
    outcome: run.outcome,
    provider: run.provider,
    model: run.model,
    attempts: run.attempts,
    latencyMs: run.latencyMs,
    promptTokens: run.promptTokens,
    completionTokens: run.completionTokens,
    toolCalls: run.toolCalls,
    answered: run.answered,
    replyMessageId: run.replyMessageId,
    error: run.error,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
  };
}
