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
