import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services.js';
import { authorizeCallers, type Authenticators } from '../callers.js';
import { toAppError } from '../errors.js';
import { registerIdempotency } from '../idempotency.js';
import { registerRateLimit } from '../rate-limit.js';
import { documentErrorResponses } from '../route-errors.js';
import { companiesRoutes } from './companies.routes.js';
import { contactsExportRoutes } from './contacts-export.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { customFieldsRoutes } from './custom-fields.routes.js';
import { conversationsRoutes } from './conversations.routes.js';
import { funnelsRoutes } from './funnels.routes.js';
import { tasksRoutes } from './tasks.routes.js';
import { v1ErrorBody, v1ErrorSchema } from './errors.js';
import { eventsRoutes } from './events.routes.js';
import { webhookDeliveriesRoutes } from './webhook-deliveries.routes.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { agentRunsRoutes } from './agent-runs.routes.js';
import { agentsRoutes } from './agents.routes.js';
import { channelsRoutes } from './channels.routes.js';
import { squadsRoutes } from './squads.routes.js';
import { knowledgeRoutes } from './knowledge.routes.js';
import { messagesRoutes } from './messages.routes.js';
import { ticketsRoutes } from './tickets.routes.js';
import { usersRoutes } from './users.routes.js';
import { authRoutes } from './auth.routes.js';
import { callsRoutes } from './calls.routes.js';
import { voiceAgentsRoutes } from './voice-agents.routes.js';

/** The v1 CRM surface (seed 003) at /api/v1. */
export function v1Surface(services: Services, authenticators: Authenticators): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authorizeCallers(authenticators, { unknownRoutes: ['api_key'] }));
    registerRateLimit(app, services.rateLimits, v1ErrorSchema);
    registerIdempotency(app, services.idempotency, v1ErrorSchema);
    app.setErrorHandler((error, request, reply) => {
      const appError = toAppError(error, request.log);
      return reply.status(appError.status).send(v1ErrorBody(appError));
    });
    documentErrorResponses(app, v1ErrorSchema);
    const typed = app.withTypeProvider<ZodTypeProvider>();
    await typed.register(contactsRoutes(services));
    await typed.register(contactsExportRoutes(services));
    await typed.register(companiesRoutes(services));
    await typed.register(customFieldsRoutes(services));
    await typed.register(funnelsRoutes(services));
    await typed.register(conversationsRoutes(services));
    await typed.register(tasksRoutes(services));
    await typed.register(channelsRoutes(services));
    await typed.register(agentsRoutes(services));
    await typed.register(agentRunsRoutes(services));
    await typed.register(squadsRoutes(services));
    await typed.register(knowledgeRoutes(services));
    await typed.register(messagesRoutes(services));
    await typed.register(authRoutes(services));
    await typed.register(usersRoutes(services));
    await typed.register(ticketsRoutes(services));
    await typed.register(voiceAgentsRoutes(services));
    await typed.register(callsRoutes(services));
    await typed.register(webhooksRoutes(services));
    await typed.register(webhookDeliveriesRoutes(services));
    await typed.register(eventsRoutes(services));
  };
}
