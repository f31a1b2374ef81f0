import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createBackground, type Background } from './jobs/background.js';
import { createServices, type AgentCollaborators, type Services } from './services.js';
import { adminSurface } from './surfaces/admin/index.js';
import { agentsContactsSurface } from './surfaces/agents-contacts/index.js';
import { adminAuthenticator, apiKeyAuthenticator } from './surfaces/auth.js';
import { requireCallerDeclaration, type Authenticators } from './surfaces/callers.js';
import { v1Surface } from './surfaces/v1/index.js';
import { chatsSurface } from './surfaces/chats/index.js';
import { supportSurface } from './surfaces/support/index.js';
import { webhooksSurface } from './surfaces/webhooks/index.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  /** Pass a pino options object or false; tests run silent. */
  logger?: boolean | { level: string };
  /** The agent runtime's collaborators (providers, handoffs); without handoffs the runtime does not run. */
  agents?: AgentCollaborators;
  /** Called for every route as it is registered, after its declaration is checked (tests walk the routes). */
  onRoute?: (route: RouteOptions) => void;
}

export interface App {
  server: FastifyInstance;
  services: Services;
  /**
   * Job workers and the events LISTEN connection. Not started by buildApp (the app also serves
   * without them, e.g. to write the OpenAPI document): `serve` starts them, and tests that need them.
   */
  background: Background;
}

export async function buildApp({ config, db, logger, agents, onRoute }: AppDependencies): Promise<App> {
  const server = Fastify({
    logger: logger ?? { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    // Ids in paths are numbers; keep "/contacts/1/" and "/contacts/1" the same route.
    routerOptions: { ignoreTrailingSlash: true },
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  const services = createServices(db, config, agents);
  // Every route says who may call it (config.callers); the API reference pages are public.
  server.addHook('onRoute', requireCallerDeclaration(['/docs']));
  if (onRoute) server.addHook('onRoute', onRoute);
  // Each surface checks its routes' callers with these, in one onRequest hook.
  const authenticators: Authenticators = {
    api_key: apiKeyAuthenticator(services.workspaces),
    admin: adminAuthenticator(config.ADMIN_TOKEN),
  };

  await server.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version: '0.1.0',
        description: 'Open-source backend for AI customer engagement. Authenticate with a workspace API key.',
      },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'A workspace API key. `Authorization: <key>` and `X-API-Key: <key>` work too.',
          },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    // Lists the schemas named with .meta({ id }) under components.schemas.
    transformObject: jsonSchemaTransformObject,
  });
  await server.register(swaggerUi, { routePrefix: '/docs' });

  const typed = server.withTypeProvider<ZodTypeProvider>();
  typed.get(
    '/health',
    {
      config: { callers: ['public'] },
      schema: {
        tags: ['Operations'],
        summary: 'Liveness and database check',
        security: [],
        response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) },
      },
    },
    async (request, reply) => {
      try {
        await db.execute(sql`SELECT 1`);
        return { status: 'ok' as const };
      } catch (error) {
        request.log.warn({ err: error }, 'health check: database unreachable');
        return reply.status(503).send({ status: 'unavailable' as const });
      }
    },
  );
  server.get('/openapi.json', { config: { callers: ['public'] }, schema: { hide: true } }, async () => server.swagger());

  await server.register(v1Surface(services, authenticators), { prefix: '/api/v1' });
  await server.register(chatsSurface(services, authenticators), { prefix: '/api/v1' });
  await server.register(supportSurface(services, authenticators), { prefix: '/api/agents/customerSupport' });
  await server.register(agentsContactsSurface(services, authenticators), { prefix: '/api/agents' });
  await server.register(webhooksSurface(services, authenticators), { prefix: '/webhooks' });
  await server.register(adminSurface(services, authenticators), { prefix: '/admin/v1' });

  await server.ready();
  return { server, services, background: createBackground({ db, config, services, log: server.log }) };
}
