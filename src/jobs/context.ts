import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Services } from '../services.js';

/** What every defined job, consumer and poller is given when it runs. */
export interface BackgroundContext {
  db: Database;
  config: Config;
  services: Services;
  log: FastifyBaseLogger;
}
