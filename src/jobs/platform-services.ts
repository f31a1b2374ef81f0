import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { EventNotifications } from '../modules/events/event-notifications.js';
import { EventStreamService } from '../modules/events/event-stream.service.js';
import { IdempotencyService } from '../modules/idempotency/idempotency.service.js';
import { RateLimiter } from '../modules/rate-limits/rate-limiter.js';
import { WebhookDeliveriesService } from '../modules/webhooks/webhook-deliveries.service.js';
import type { WebhookOptions } from '../modules/webhooks/webhooks.schemas.js';
import { WebhooksService } from '../modules/webhooks/webhooks.service.js';
import { connectionConfigOf } from './connection.js';
import { JobQueue } from './job-queue.js';

export type PlatformConfig = Pick<
  Config,
  | 'WEBHOOK_ALLOW_PRIVATE_URLS'
  | 'WEBHOOK_TIMEOUT_SECONDS'
  | 'WEBHOOK_RETRY_BASE_SECONDS'
  | 'WEBHOOK_RETRY_MAX_SECONDS'
  | 'WEBHOOK_RETRY_WINDOW_HOURS'
  | 'WEBHOOK_DISABLE_AFTER_HOURS'
  | 'WEBHOOK_DISABLE_AFTER_FAILURES'
  | 'JOBS_POLLING_INTERVAL_SECONDS'
  | 'IDEMPOTENCY_KEY_TTL_HOURS'
  | 'RATE_LIMIT_ENABLED'
  | 'RATE_LIMIT_WINDOW_SECONDS'
  | 'RATE_LIMIT_SHARED'
  | 'RATE_LIMIT_MAX'
  | 'RATE_LIMIT_SEARCH_MAX'
  | 'REALTIME_HEARTBEAT_SECONDS'
  | 'REALTIME_MAX_STREAM_SECONDS'
>;

/** The services behind the platform guarantees: jobs, events, webhooks, idempotency and rate limits. */
export interface PlatformServices {
  jobs: JobQueue;
  events: EventStreamService;
  webhooks: WebhooksService;
  webhookDeliveries: WebhookDeliveriesService;
  idempotency: IdempotencyService;
  rateLimits: RateLimiter;
}

const HOUR_MS = 3_600_000;

export function webhookOptionsOf(config: PlatformConfig): WebhookOptions {
  return {
    allowPrivateUrls: config.WEBHOOK_ALLOW_PRIVATE_URLS,
    timeoutMs: config.WEBHOOK_TIMEOUT_SECONDS * 1000,
    retryBaseMs: config.WEBHOOK_RETRY_BASE_SECONDS * 1000,
    retryMaxMs: config.WEBHOOK_RETRY_MAX_SECONDS * 1000,
    retryWindowMs: config.WEBHOOK_RETRY_WINDOW_HOURS * HOUR_MS,
    disableAfterMs: config.WEBHOOK_DISABLE_AFTER_HOURS * HOUR_MS,
    disableAfterFailures: config.WEBHOOK_DISABLE_AFTER_FAILURES,
  };
}

/** Builds them without connecting to anything: connections open when the background starts (jobs/background.ts). */
export function createPlatformServices(db: Database, config: PlatformConfig): PlatformServices {
  const connection = connectionConfigOf(db);
  const webhookOptions = webhookOptionsOf(config);
  const jobs = new JobQueue(connection, { pollingIntervalSeconds: config.JOBS_POLLING_INTERVAL_SECONDS });
  return {
    jobs,
    events: new EventStreamService(
      db,
      new EventNotifications(connection),
      config.REALTIME_HEARTBEAT_SECONDS * 1000,
      config.REALTIME_MAX_STREAM_SECONDS * 1000,
    ),
    webhooks: new WebhooksService(db, webhookOptions),
    webhookDeliveries: new WebhookDeliveriesService(db, jobs, webhookOptions),
    idempotency: new IdempotencyService(db, { ttlMs: config.IDEMPOTENCY_KEY_TTL_HOURS * HOUR_MS }),
    rateLimits: new RateLimiter(
      {
        enabled: config.RATE_LIMIT_ENABLED,
        windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        limits: { general: config.RATE_LIMIT_MAX, search: config.RATE_LIMIT_SEARCH_MAX },
      },
      Date.now,
      config.RATE_LIMIT_SHARED ? db : undefined,
    ),
  };
}
