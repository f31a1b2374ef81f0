import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { tenantOf } from '../auth.js';
import { voiceAgentBodySchema, voiceAgentListSchema, voiceAgentSchema } from './calls.schemas.js';
import { toWire } from './calls.serializers.js';
import { v1ErrorResponses } from './errors.js';
import { numericId } from './params.js';

const tags = ['Voice agents'];
const params = z.object({ voiceAgentId: numericId('Voice agent id') });

/** Saved AI callers for StartAgentCall's `voiceAgentId`. */
export function voiceAgentsRoutes({ voiceAgents }: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/voice-agents',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'CreateVoiceAgent',
          summary: 'Create a voice agent',
          body: voiceAgentBodySchema,
          response: { 200: voiceAgentSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await voiceAgents.createVoiceAgent(tenantOf(request), request.body)),
    );
    app.get(
      '/voice-agents',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'ListVoiceAgents',
          summary: 'List voice agents, newest first',
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            pageToken: z.string().regex(/^\d+$/, 'must be a pageToken from a previous page').optional(),
          }),
          response: { 200: voiceAgentListSchema, ...v1ErrorResponses },
        },
      },
      async (request) =>
        toWire(
          await voiceAgents.findVoiceAgents(
            tenantOf(request),
            request.query.limit,
            request.query.pageToken ? Number(request.query.pageToken) : undefined,
          ),
        ),
    );
    app.get(
      '/voice-agents/:voiceAgentId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'GetVoiceAgent',
          summary: 'Get a voice agent',
          params,
          response: { 200: voiceAgentSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await voiceAgents.getVoiceAgentById(tenantOf(request), request.params.voiceAgentId)),
    );
    app.put(
      '/voice-agents/:voiceAgentId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'UpdateVoiceAgent',
          summary: 'Replace a voice agent (a new version)',
          params,
          body: voiceAgentBodySchema,
          response: { 200: voiceAgentSchema, ...v1ErrorResponses },
        },
      },
      async (request) => toWire(await voiceAgents.updateVoiceAgent(tenantOf(request), request.params.voiceAgentId, request.body)),
    );
    app.delete(
      '/voice-agents/:voiceAgentId',
      {
        config: { callers: ['api_key'] },
        schema: {
          tags,
          operationId: 'DeleteVoiceAgent',
          summary: 'Delete a voice agent (its calls stay)',
          params,
          response: { 204: z.null(), ...v1ErrorResponses },
        },
      },
      async (request, reply) => {
        await voiceAgents.deleteVoiceAgent(tenantOf(request), request.params.voiceAgentId);
        return reply.status(204).send(null);
      },
    );
  };
}
