import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { agentRunPageQuerySchema, agentRunPageSchema, serializeAgentRun } from './agent-runs.schemas.js';
import { referenceParams } from './agents.schemas.js';
import { v1ErrorResponses } from './errors.js';

const tags = ['Agents'];

const previewBodySchema = z
  .object({
    message: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4096)
      .describe("The customer's message")
      .meta({ example: 'What are your opening hours?' }),
    history: z
      .array(z.object({ role: z.enum(['customer', 'agent']), text: z.string().max(4096) }).strict())
      .max(50)
      .optional()
      .describe('Earlier messages of the imagined conversation, oldest first'),
    known: z
      .record(z.string().max(100), z.string().max(500))
      .optional()
      .describe('What the agent should take as known of the customer (name, email, ...)'),
  })
  .strict()
  .meta({ id: 'AgentPreviewBody', example: { message: 'What are your opening hours?' } });

const previewSchema = z
  .object({
    text: z.string().nullable().describe('The reply the agent would send'),
    answered: z.boolean().describe('False when the agent found nothing to answer with'),
    toolCalls: z.array(z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()) })).describe('Proposed, not applied'),
    rejectedToolCalls: z.array(z.object({ name: z.string(), raw: z.string(), error: z.string() })),
    model: z.string(),
    passages: z
      .array(z.object({ documentId: z.string(), title: z.string(), text: z.string(), rank: z.number() }))
      .describe('Knowledge retrieved for the message'),
    latencyMs: z.number().int(),
  })
  .meta({ id: 'AgentPreview' });

/** An agent's turns (agent_runs), and a sandbox to try the agent out. */
export function agentRunsRoutes({ agentRuns }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/agents/:id/runs',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          summary: "List an agent's turns, newest first",
          params: referenceParams('The agent'),
          querystring: agentRunPageQuerySchema,
          response: { 200: agentRunPageSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const found = await agentRuns.findAgentRuns(tenantOf(request), request.params.id, {
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        return { items: found.rows.map(serializeAgentRun), totalCount: found.total, page, pageSize };
      },
    );

    app.post(
      '/agents/:id/preview',
      {
        config: { callers: ['api_key', 'user'] },
        schema: {
          tags,
          summary: 'Answer a message as the agent would, without a chat (nothing is stored or sent)',
          params: referenceParams('The agent'),
          body: previewBodySchema,
          response: { 200: previewSchema, ...v1ErrorResponses },
        },
      },
      async (request) => {
        const { reply, passages, latencyMs } = await agentRuns.previewReply(tenantOf(request), request.params.id, request.body);
        return {
          text: reply.text,
          answered: reply.answered,
          toolCalls: reply.toolCalls.map(({ name, arguments: args }) => ({ name, arguments: args })),
          rejectedToolCalls: reply.rejectedToolCalls,
          model: reply.model,
          passages,
          latencyMs,
        };
      },
    );
  };
}
