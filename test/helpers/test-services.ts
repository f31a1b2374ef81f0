import type { FastifyBaseLogger } from 'fastify';
import { afterAll } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { connectDatabase, type Database } from '../../src/db/client.js';
import { createBackground, type Background } from '../../src/jobs/background.js';
import { registry, type Registry } from '../../src/jobs/registry.js';
import { createServices, type ServiceOptions, type Services } from '../../src/services.js';
import type { Actor } from '../../src/shared/actor.js';
import { actorOf } from '../../src/shared/actor.js';
import type { Tenant } from '../../src/shared/tenant.js';
import { createTestDatabase } from './test-app.js';

export interface TestServices {
  db: Database;
  config: Config;
  services: Services;
  /** The background over the application's registry plus what the test registered. */
  background: Background;
  /** Runs the registered consumers, pollers and due jobs until none has anything left. */
  drain(): Promise<void>;
  /** A new workspace, as a request with its API key would act for it (or as `actor`). */
  newTenant(name?: string, actor?: Actor): Promise<Tenant>;
  /** Another background on the same database and registry: what a restarted process would run. */
  restartBackground(): Promise<Background>;
  close(): Promise<void>;
}

const noop = () => {};
/** A logger that drops everything, or reports errors to `onError` (jobs' and consumers' failures). */
function quietLogger(onError: (message: string, error?: unknown) => void): FastifyBaseLogger {
  const logger = {
    level: 'silent',
    fatal: noop,
    warn: noop,
    info: noop,
    debug: noop,
    trace: noop,
    silent: noop,
    error: (object: { err?: unknown }, message?: string) => onError(message ?? '', object?.err),
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}

const open = new Set<TestServices>();
afterAll(async () => {
  await Promise.all([...open].map((built) => built.close()));
});

/**
 * The domain services on a fresh database, with no HTTP server: for testing a service or an
 * outbox consumer directly. `register` adds consumers, jobs or pollers to the application's
 * registry; `drain()` runs them (and the application's) to completion.
 */
export async function buildTestServices(
  options: {
    overrides?: Partial<Config>;
    register?: Partial<Registry>;
    onError?: (message: string, error?: unknown) => void;
    /** Providers in place of the configured ones (a scripted provider: see scripted-provider.ts). */
    providers?: ServiceOptions['providers'];
  } = {},
): Promise<TestServices> {
  const database = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    DATABASE_URL: database.url,
    WEBHOOK_ALLOW_PRIVATE_URLS: true,
    JOBS_POLLING_INTERVAL_SECONDS: 0.5,
    ...options.overrides,
  };
  const handle = connectDatabase(database.url, { max: 5 });
  const { register = {} } = options;
  const testRegistry: Registry = {
    consumers: [...registry.consumers, ...(register.consumers ?? [])],
    jobs: [...registry.jobs, ...(register.jobs ?? [])],
    pollers: [...registry.pollers, ...(register.pollers ?? [])],
  };
  const log = quietLogger(options.onError ?? noop);
  const backgrounds: Background[] = [];
  const newBackground = (services: Services) => {
    const background = createBackground({ db: handle.db, config, services, log, registry: testRegistry });
    backgrounds.push(background);
    return background;
  };
  const services = createServices(handle.db, config, { providers: options.providers });
  const background = newBackground(services);
  const built: TestServices = {
    db: handle.db,
    config,
    services,
    background,
    drain: () => background.drain(),
    async newTenant(name = 'Test workspace', actor) {
      const { apiKey } = await services.workspaces.createWorkspace(name);
      const { workspaceId, workspaceUuid, apiKeyId } = (await services.workspaces.authenticate(apiKey))!;
      return { workspaceId, workspaceUuid, actor: actor ?? actorOf('api_key', apiKeyId) };
    },
    async restartBackground() {
      // A process of its own: its own job queue and LISTEN connection over the same database.
      return newBackground(createServices(handle.db, config, { providers: options.providers }));
    },
    async close() {
      if (!open.delete(built)) return;
      for (const each of backgrounds.splice(0)) await each.stop();
      await handle.close();
      await database.drop();
    },
  };
  open.add(built);
  return built;
}
