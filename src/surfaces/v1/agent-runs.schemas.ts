import { z } from 'zod';
import { agentRunFields } from '../../modules/agent-runtime/agent-run.js';
import type { AgentRunRow } from '../../modules/agent-runtime/agent-runs.repository.js';

export const agentRunSchema = z
  .object({
    id: z.uuid().describe('The run id'),
    chatId: z.number().int().describe('The chat answered (numeric id)'),
    agentId: z.number().int().describe('The agent that answered (numeric id; a squad answers through a member)'),
    agentVersionId: z.number().int().nullable().describe('The agent version that answered (004 `responderVersionId`)'),
    answeredMessageIds: z.array(z.number().int()).describe('The customer messages this turn answered, oldest first'),
    status: z.string().describe('running, completed, paused (a person took over first) or failed').meta({ example: 'completed' }),
    outcome: z
      .string()
      .nullable()
      .describe('answered, acted, handoff, fallback (the provider failed every try), suppressed or not_sent')
      .meta({ example: 'answered' }),
    provider: z.string().describe('builtin or openai'),
    model: z.string().nullable().describe('The model that answered'),
    attempts: z.number().int().describe('Tries at the provider'),
    latencyMs: z.number().int().nullable().describe('Time spent asking the provider, retries included'),
    promptTokens: z.number().int().nullable(),
    completionTokens: z.number().int().nullable(),
    toolCalls: z
      .array(
        z.object({
          name: z.string(),
          arguments: z.unknown(),
          outcome: z.string().describe('applied, rejected or skipped'),
          error: z.string().optional(),
        }),
      )
      .describe('The tool calls the provider proposed and what became of them'),
    answered: z.boolean().nullable().describe('Whether the provider found an answer (misses count toward handoff)'),
    replyMessageId: z.number().int().nullable().describe('The reply stored on the chat'),
    error: z.string().nullable().describe('Why the run failed'),
    createdAt: z.string().describe('ISO 8601'),
    finishedAt: z.string().nullable().describe('ISO 8601'),
  })
  .meta({ id: 'AgentRun' });

export const agentRunPageQuerySchema = z.object({
  page: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100_000).default(1).describe('1-based page, newest runs first'),
  pageSize: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).default(20).describe('1 to 100 (default 20)'),
});

export const agentRunPageSchema = z
  .object({ items: z.array(agentRunSchema), totalCount: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .meta({ id: 'AgentRunPage' });

export function serializeAgentRun(run: AgentRunRow): z.infer<typeof agentRunSchema> {
  const fields = agentRunFields(run);
  return { ...fields, createdAt: fields.createdAt.toISOString(), finishedAt: fields.finishedAt?.toISOString() ?? null };
}
