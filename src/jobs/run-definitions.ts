import { runConsumerBatch } from '../modules/events/consumers.js';
import type { BackgroundContext } from './context.js';
import type { AnyJobDefinition } from './define-job.js';
import type { Registry } from './registry.js';

/** The function a queue's workers call for each job: the payload is checked against the schema first. */
export function jobHandler(definition: AnyJobDefinition, context: BackgroundContext): (data: object | null) => Promise<void> {
  // Scheduled jobs carry no payload.
  return (data) => definition.handler(definition.schema.parse(data ?? {}), context);
}

/** Rounds after which drain() gives up: work that keeps making new due work would never finish. */
const MAX_DRAIN_ROUNDS = 100;

/**
 * Runs every registered consumer, poller and due job, in this process, until a whole round
 * finds nothing to do (a consumer's jobs and a job's events are picked up by the next round).
 * What tests call instead of waiting for the workers; the job queue must be started.
 */
export async function drainRegistry(registry: Registry, context: BackgroundContext): Promise<void> {
  for (let round = 0; round < MAX_DRAIN_ROUNDS; round += 1) {
    let worked = false;
    for (const consumer of registry.consumers) {
      for (let more = true; more;) {
        const batch = await runConsumerBatch(consumer, context);
        worked ||= batch.eventIds.length > 0 || batch.caughtUp === true;
        more = batch.more;
      }
    }
    for (const poller of registry.pollers) {
      for (let more = true; more;) {
        more = (await poller.runBatch(context)).more;
        worked ||= more;
      }
    }
    for (const job of registry.jobs) {
      const handler = jobHandler(job, context);
      while (await context.services.jobs.runNext(job.name, handler)) worked = true;
    }
    if (!worked) return;
  }
  throw new Error(`background work was still making more work after ${MAX_DRAIN_ROUNDS} rounds`);
}
