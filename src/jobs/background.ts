import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { createConsumerCursor, runConsumerBatch } from '../modules/events/consumers.js';
import { EventPump, type PullResult } from '../modules/events/event-pump.js';
import type { Services } from '../services.js';
import type { BackgroundContext } from './context.js';
import { concurrencyOf } from './define-job.js';
import { InboundWebhookProcessor } from './inbound-webhook-processor.js';
import { registry as defaultRegistry, retiredSchedules, type Registry } from './registry.js';
import { drainRegistry, jobHandler } from './run-definitions.js';

/** The server's work besides answering requests: whatever jobs/registry.ts lists, and the events LISTEN connection. */
export interface Background {
  /** Starts the work (`work: false`: only the events LISTEN connection, for an API-only process's realtime streams). */
  start(options?: { work?: boolean }): Promise<void>;
  /** Stops what was started, waiting for work under way; safe after a partial start. */
  stop(): Promise<void>;
  /**
   * Runs every registered consumer, poller and due job in this process until none has
   * anything left (tests; works whether or not `start()` was called).
   */
  drain(): Promise<void>;
  /** Processes stored inbound provider webhooks; `drain()`-able on its own (tests). */
  inboundWebhooks: InboundWebhookProcessor;
}

/** Consumers also look on their own this often: for events whose notification was lost. */
const CONSUMER_SWEEP_MS = 5_000;

export function createBackground(options: {
  db: Database;
  config: Config;
  services: Services;
  log: FastifyBaseLogger;
  /** What to run; the application's registry unless a test brings its own. */
  registry?: Registry;
}): Background {
  const { db, config, services, log } = options;
  const registry = options.registry ?? defaultRegistry;
  const { jobs, events } = services;
  const context: BackgroundContext = { db, config, services, log };
  const report = (message: string, error?: unknown) => log.error({ err: error }, message);
  const pumps: EventPump[] = [];
  const timers: NodeJS.Timeout[] = [];
  const unsubscribe: Array<() => void> = [];
  let started = false;
  const startQueue = () =>
    jobs.start(
      report,
      registry.jobs.map((job) => ({ name: job.name, policy: job.policy })),
      (message) => log.warn(message),
    );

  /** A pump woken at once, after every reconnection of the LISTEN connection, and every `everyMs`. */
  function startPump(pull: () => Promise<PullResult>, name: string, everyMs: number): EventPump {
    const pump = new EventPump(pull, (error) => report(`${name} failed; retrying`, error));
    pumps.push(pump);
    unsubscribe.push(events.notifications.onConnected(() => pump.wake()));
    const timer = setInterval(() => pump.wake(), everyMs);
    timer.unref();
    timers.push(timer);
    pump.wake();
    return pump;
  }

  return {
    inboundWebhooks: new InboundWebhookProcessor(db, services.inbound, log),

    async start({ work = true } = {}) {
      if (started) return;
      started = true;
      await events.notifications.start(report);
      if (!work) return;
      await startQueue();
      for (const job of registry.jobs) {
        await jobs.work(job.name, concurrencyOf(job, config), jobHandler(job, context));
        if (job.schedule) await jobs.schedule(job.name, job.schedule);
      }
      for (const name of retiredSchedules) await jobs.unschedule(name);
      for (const consumer of registry.consumers) await createConsumerCursor(consumer, context);
      for (const consumer of registry.consumers) {
        const pump = startPump(() => runConsumerBatch(consumer, context), `outbox consumer ${consumer.name}`, CONSUMER_SWEEP_MS);
        // A consumer is woken only by its own types: a bulk write's thousands of other events cost
        // it nothing. A notice without a type (from a process of an older version) wakes every one.
        const wants = (type: string) => !type || consumer.types === '*' || (consumer.types as readonly string[]).includes(type);
        unsubscribe.push(events.notifications.onNotice((notice) => wants(notice.type) && pump.notify(notice.eventId)));
      }
      for (const poller of registry.pollers) {
        const everyMs = typeof poller.pollMs === 'function' ? poller.pollMs(config) : poller.pollMs;
        const pump = startPump(async () => ({ eventIds: [], more: (await poller.runBatch(context)).more }), poller.name, everyMs);
        if (poller.wakeOn) unsubscribe.push(poller.wakeOn(events.notifications, () => pump.wake()));
      }
    },

    async stop() {
      started = false;
      for (const timer of timers.splice(0)) clearInterval(timer);
      for (const off of unsubscribe.splice(0)) off();
      await Promise.all(pumps.splice(0).map((pump) => pump.stop()));
      await jobs.stop();
      await events.notifications.stop();
    },

    async drain() {
      await startQueue();
      await drainRegistry(registry, context);
    },
  };
}
