import type { z } from 'zod';
import type { Config } from '../config.js';
import type { JobTransaction } from './connection.js';
import type { BackgroundContext } from './context.js';
import type { JobQueue } from './job-queue.js';

export interface JobOptions {
  /** pg-boss's retries of a job whose handler threw (or whose worker died). */
  retryLimit: number;
  /** An active job not finished by then counts as failed (its worker died) and is retried. */
  expireInSeconds: number;
}

export interface JobSettings<Data> {
  /** The pg-boss queue: unique, kebab-case. */
  name: string;
  /** Checked when a job is sent and again when it runs. */
  schema: z.ZodType<Data>;
  /** Jobs of this queue one process runs at once. */
  concurrency: number | ((config: Config) => number);
  /**
   * pg-boss's queue policy: `short` keeps one waiting job per `singletonKey` (sent jobs with
   * the key of a waiting one are dropped), while one with that key may be running. Default `standard`.
   */
  policy?: 'standard' | 'short';
  /** A cron expression (UTC): the job is also sent on this schedule, once across all processes. */
  schedule?: string;
  /** Defaults: 3 retries, 15 minutes. */
  options?: Partial<JobOptions>;
  /** Runs one job. Throwing fails it and pg-boss retries it: make a repeat harmless. */
  handler(data: Data, context: BackgroundContext): Promise<void>;
}

export interface JobDefinition<Data> extends JobSettings<Data> {
  options: JobOptions;
  /** Adds jobs in the caller's transaction (they exist only if it commits); call `wake` after the commit. */
  send(
    queue: JobQueue,
    transaction: JobTransaction,
    jobs: { data: Data; delayMs?: number; singletonKey?: string }[],
    options?: Partial<JobOptions>,
  ): Promise<void>;
  /** Makes this process's idle workers of the queue look now. */
  wake(queue: JobQueue): void;
}

const DEFAULT_OPTIONS: JobOptions = { retryLimit: 3, expireInSeconds: 15 * 60 };

/**
 * A typed pg-boss job: a name, a payload schema, how many run at once, an optional schedule
 * and the handler. List it in jobs/registry.ts and the background runs it.
 */
export function defineJob<Data>(settings: JobSettings<Data>): JobDefinition<Data> {
  const options = { ...DEFAULT_OPTIONS, ...settings.options };
  return {
    ...settings,
    options,
    async send(queue, transaction, jobs, override) {
      const checked = jobs.map(({ data, delayMs, singletonKey }) => ({
        data: settings.schema.parse(data) as object,
        delayMs,
        singletonKey,
      }));
      await queue.sendInTransaction(transaction, settings.name, checked, { ...options, ...override });
    },
    wake(queue) {
      queue.wake(settings.name);
    },
  };
}

/** A definition whatever its payload, as the registry lists them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any>;

export function concurrencyOf(definition: AnyJobDefinition, config: Config): number {
  return typeof definition.concurrency === 'function' ? definition.concurrency(config) : definition.concurrency;
}
