import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createBackground, type Background } from './jobs/background.js';
import { createServices, type ServiceOptions, type Services } from './services.js';
import { openApiOptions } from './surfaces/openapi/document.js';
import { version } from './version.js';
import { adminSurface } from './surfaces/admin/index.js';
import { agentsContactsSurface } from './surfaces/agents-contacts/index.js';
import { adminAuthenticator, apiKeyAuthenticator } from './surfaces/auth.js';
import { sessionAuthenticator } from './surfaces/session-auth.js';
import { inboxApp } from './surfaces/web/inbox-app.js';
import { requireCallerDeclaration, type Authenticators } from './surfaces/callers.js';
import { v1Surface } from './surfaces/v1/index.js';
import { chatsSurface } from './surfaces/chats/index.js';
import { supportSurface } from './surfaces/support/index.js';
import { webhooksSurface } from './surfaces/webhooks/index.js';
import { registerInputGuard } from './surfaces/input-guard.js';
import { badUrlError, registerRouteErrors } from './surfaces/route-errors.js';
import { serializeError } from './shared/error-logging.js';
import { configurePageTokens } from './shared/paging.js';
import { publicSurface } from './surfaces/public/index.js';
import { visitorAuthenticator } from './surfaces/widget/visitor-auth.js';
import { widgetSurface } from './surfaces/widget/index.js';
import { widgetScriptRoutes } from './surfaces/web/widget-script.routes.js';

export interface AppDependencies {
  config: Config;
  db: Database;
  /** Pass a pino options object or false; tests run silent. */
  logger?: boolean | { level: string };
  /** The agent runtime's collaborators (providers, handoffs); without handoffs the runtime does not run. */
  /** Providers in place of createAgentProviders(config)'s (tests that script a provider's failures). */
  providers?: ServiceOptions['providers'];
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

/**
 * Node's request and header timeouts (Fastify turns the request timeout off by default): a
 * client sending a byte a second is answered 408 and disconnected instead of holding the
 * connection. Node checks them every `connectionsCheckingInterval`, so that is kept below the
 * header timeout.
 */
function httpTimeouts(config: Config) {
  const headersTimeout = config.HTTP_HEADERS_TIMEOUT_SECONDS * 1000;
  return {
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
    keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    http: { headersTimeout, connectionsCheckingInterval: Math.min(5_000, Math.max(250, headersTimeout / 4)) },
  };
}

export async function buildApp({ config, db, logger, onRoute, providers }: AppDependencies): Promise<App> {
  const server = Fastify({
    // Errors are logged without SQL parameters or quoted values (see shared/error-logging.ts).
    logger:
      logger === false
        ? false
        : { level: typeof logger === 'object' ? logger.level : config.LOG_LEVEL, serializers: { err: serializeError } },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    ...httpTimeouts(config),
    // Ids in paths are numbers; keep "/contacts/1/" and "/contacts/1" the same route.
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors: badUrlError,
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  const services = createServices(db, config, { providers });
  configurePageTokens(config.SECRETS_KEY);
  registerInputGuard(server);
  registerRouteErrors(server);
  // Every route says who may call it (config.callers); the API reference pages are public.
  // The widget surface's CORS preflight route (added by @fastify/cors) is public like any preflight.
  server.addHook('onRoute', requireCallerDeclaration(['/docs', '/api/widget/v1*']));
  if (onRoute) server.addHook('onRoute', onRoute);
  // Each surface checks its routes' callers with these, in one onRequest hook.
  const authenticators: Authenticators = {
    api_key: apiKeyAuthenticator(services.workspaces),
    admin: adminAuthenticator(config.ADMIN_TOKEN),
    user: sessionAuthenticator(services.auth),
    visitor: visitorAuthenticator(services.widget),
  };
  await server.register(cookie);

  await server.register(swagger, openApiOptions(version));
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
  // A first visit to the server's address finds its way to the reference and the app.
  server.get('/', { config: { callers: ['public'] }, schema: { hide: true } }, async () => ({
    name: 'Switchboard',
    version,
    docs: '/docs',
    openapi: '/openapi.json',
    app: '/app',
    health: '/health',
  }));

  await server.register(v1Surface(services, authenticators), { prefix: '/api/v1' });
  await server.register(chatsSurface(services, authenticators), { prefix: '/api/v1' });
  await server.register(supportSurface(services, authenticators), { prefix: '/api/agents/customerSupport' });
  await server.register(publicSurface(services, authenticators), { prefix: '/api/public' });
  await server.register(agentsContactsSurface(services, authenticators), { prefix: '/api/agents' });
  await server.register(widgetScriptRoutes);
  await server.register(widgetSurface(services, authenticators, config), { prefix: '/api/widget/v1' });
  await server.register(webhooksSurface(services, authenticators), { prefix: '/webhooks' });
  await server.register(adminSurface(services, authenticators), { prefix: '/admin/v1' });
  await server.register(inboxApp(), { prefix: '/app' });

  await server.ready();
  return { server, services, background: createBackground({ db, config, services, log: server.log }) };
}
