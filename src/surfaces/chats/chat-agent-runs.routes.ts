import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { agentRunPageQuerySchema, agentRunPageSchema, serializeAgentRun } from '../v1/agent-runs.schemas.js';
import { chatParams } from './chats.schemas.js';
import { chatsErrorResponses } from './errors.js';

/** The agent turns taken on a chat, newest first. */
export function chatAgentRunsRoutes({ agentRuns }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/chats/:id/agent-runs',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags: ['Chats'],
          summary: "List the agent's turns on a chat, newest first",
          params: chatParams,
          querystring: agentRunPageQuerySchema,
          response: { 200: agentRunPageSchema, ...chatsErrorResponses },
        },
      },
      async (request) => {
        const { page, pageSize } = request.query;
        const found = await agentRuns.findChatRuns(tenantOf(request), request.params.id, {
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
        return { items: found.rows.map(serializeAgentRun), totalCount: found.total, page, pageSize };
      },
    );
  };
}
