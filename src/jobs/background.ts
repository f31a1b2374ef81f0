import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { EventPump } from '../modules/events/event-pump.js';
import { WebhookDeliverer } from '../modules/webhooks/deliverer.js';
import type { DeliveryJob } from '../modules/webhooks/delivery-jobs.js';
import { WebhookDispatcher } from '../modules/webhooks/dispatcher.js';
import { rescheduleOverdueDeliveries } from '../modules/webhooks/overdue-deliveries.js';
import type { CallFollowUpJob } from '../modules/calls/follow-up-jobs.js';
import type { Services } from '../services.js';
import { InboundWebhookProcessor } from './inbound-webhook-processor.js';
import { queues } from './job-queue.js';
import { webhookOptionsOf, type PlatformConfig } from './platform-services.js';
import { purgeExpiredRecords } from './retention.js';

/** The server's work besides answering requests: the job workers and the events LISTEN connection. */
export interface Background {
  start(): Promise<void>;
  /** Stops what was started, waiting for work under way; safe after a partial start. */
  stop(): Promise<void>;
  /** Processes stored inbound provider webhooks; started with the rest, and `drain()`-able on its own (tests). */
  inboundWebhooks: InboundWebhookProcessor;
}

/** The dispatcher also looks on its own this often: for events whose notification was lost. */
const DISPATCH_SWEEP_MS = 5_000;
const PURGE_SCHEDULE = '*/15 * * * *';
const SWEEP_SCHEDULE = '*/5 * * * *';
const RETENTION_SCHEDULE = '17 * * * *';

export function createBackground(options: {
  db: Database;
  config: PlatformConfig & Pick<Config, 'WEBHOOK_CONCURRENCY' | 'INBOUND_WEBHOOKS_POLL_MS' | 'RETENTION_DAYS'>;
  services: Services;
  log: FastifyBaseLogger;
}): Background {
  const { db, config, services, log } = options;
  const { jobs, events, idempotency } = services;
  const webhookOptions = webhookOptionsOf(config);
  const deliverer = new WebhookDeliverer(db, jobs, webhookOptions);
  const dispatcher = new WebhookDispatcher(db, jobs, webhookOptions);
  const report = (message: string, error?: unknown) => log.error({ err: error }, message);
  const inboundWebhooks = new InboundWebhookProcessor(db, services.inbound, log);
  let pump: EventPump | undefined;
  let inboundPump: EventPump | undefined;
  let sweep: NodeJS.Timeout | undefined;
  let inboundPoll: NodeJS.Timeout | undefined;
  const unsubscribe: Array<() => void> = [];

  return {
    inboundWebhooks,

    async start() {
      if (pump) return;
      await events.notifications.start(report);
      await jobs.start(report);
      await jobs.work<DeliveryJob>(queues.webhookDelivery, config.WEBHOOK_CONCURRENCY, (job) => deliverer.attempt(job));
      await jobs.work(queues.idempotencyPurge, 1, async () => {
        const purged = await idempotency.purgeExpired();
        if (purged > 0) log.info({ purged }, 'purged expired idempotency keys');
      });
      await jobs.schedule(queues.idempotencyPurge, PURGE_SCHEDULE);
      await jobs.work(queues.retentionPurge, 1, async () => {
        const purged = await purgeExpiredRecords(db, config.RETENTION_DAYS);
        if (purged.inboundWebhooks + purged.deliveries + purged.events > 0) log.info({ purged }, 'purged records past RETENTION_DAYS');
      });
      await jobs.schedule(queues.retentionPurge, RETENTION_SCHEDULE);
      await jobs.work(queues.webhookDeliverySweep, 1, async () => {
        const rescheduled = await rescheduleOverdueDeliveries(db, jobs, webhookOptions);
        if (rescheduled > 0) log.warn({ rescheduled }, 'rescheduled overdue webhook deliveries whose job was lost');
      });
      await jobs.schedule(queues.webhookDeliverySweep, SWEEP_SCHEDULE);
      await jobs.work<CallFollowUpJob>(queues.callFollowUp, 2, (job) => services.callFollowUp.run(job.workspaceId, job.callId));
      const started = new EventPump(
        () => dispatcher.dispatchBatch(),
        (error) => report('webhook dispatch failed; retrying', error),
      );
      pump = started;
      unsubscribe.push(
        events.notifications.onNotice((notice) => started.notify(notice.eventId)),
        events.notifications.onConnected(() => started.wake()),
      );
      sweep = setInterval(() => started.wake(), DISPATCH_SWEEP_MS);
      sweep.unref();
      started.wake();

      const processing = new EventPump(
        async () => {
          const batch = await inboundWebhooks.processBatch();
          return { eventIds: [], more: batch.claimed > batch.failed };
        },
        (error) => report('inbound webhook processing failed; retrying', error),
      );
      inboundPump = processing;
      unsubscribe.push(
        events.notifications.onInboundWebhook(() => processing.wake()),
        events.notifications.onConnected(() => processing.wake()),
      );
      inboundPoll = setInterval(() => processing.wake(), config.INBOUND_WEBHOOKS_POLL_MS);
      inboundPoll.unref();
      processing.wake();
    },

    async stop() {
      clearInterval(sweep);
      clearInterval(inboundPoll);
      for (const off of unsubscribe.splice(0)) off();
      await pump?.stop();
      pump = undefined;
      await inboundPump?.stop();
      inboundPump = undefined;
      await jobs.stop();
      await events.notifications.stop();
    },
  };
}
