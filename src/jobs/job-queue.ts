import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { JobTransaction } from './connection.js';

export const queues = {
  /** One attempt at one webhook delivery: `{ workspaceId, deliveryId, attempt }`. */
  webhookDelivery: 'webhook-delivery',
  /** Gives a new job to pending deliveries whose job was lost; scheduled. */
  webhookDeliverySweep: 'webhook-delivery-sweep',
  /** Deletes idempotency keys past their expiry; scheduled. */
  idempotencyPurge: 'idempotency-keys-purge',
  /** Deletes history past RETENTION_DAYS (see retention.ts); scheduled. */
  retentionPurge: 'retention-purge',
  /** After a call's final report: transcription, analysis and the voice chat: `{ workspaceId, callId }`. */
  callFollowUp: 'call-follow-up',
} as const;

export type QueueName = (typeof queues)[keyof typeof queues];

export interface NewJob {
  data: object;
  /** How long from now (by the database's clock) before the job may run. */
  delayMs?: number;
}

export type ErrorLog = (message: string, error?: unknown) => void;

/** After a failed fetch (the database is down), wait this long before the next. */
const FETCH_ERROR_BACKOFF_MS = 1_000;

/**
 * pg-boss on the application's database (its tables live in the `pgboss` schema it creates
 * at start). Jobs can be sent before `start()`, inside the caller's transaction; workers run
 * only once started.
 *
 * The workers are our own loops over `fetch`/`complete`/`fail` rather than pg-boss's
 * `work()`: pg-boss 10 completes jobs without awaiting the query, so with the database down
 * (a restart) its failure became an unhandled rejection, which ends a Node process.
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly pollingMs: number;
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Map<QueueName, Set<() => void>>();
  private started = false;
  private log: ErrorLog = () => {};

  constructor(connection: pg.ClientConfig, options: { pollingIntervalSeconds: number }) {
    this.pollingMs = options.pollingIntervalSeconds * 1000;
    this.boss = new PgBoss({ ...(connection as PgBoss.DatabaseOptions), schema: 'pgboss', max: 4, application_name: 'switchboard-jobs' });
    // pg-boss reports a dropped connection (a PostgreSQL restart) as an 'error' event; an
    // EventEmitter without a listener would crash the process on it.
    this.boss.on('error', (error) => this.log('job queue error', error));
  }

  async start(log: ErrorLog): Promise<void> {
    if (this.started) return;
    this.log = log;
    await this.boss.start();
    this.started = true;
    for (const name of Object.values(queues)) await this.boss.createQueue(name);
  }

  /** Lets running jobs finish, then closes pg-boss's connections. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const sleepers of this.sleepers.values()) for (const wake of sleepers) wake();
    await Promise.all(this.loops.splice(0));
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /** Runs `handler` for each job of `name`, `concurrency` at a time. A handler that throws fails the job (pg-boss retries it). */
  async work<T extends object>(name: QueueName, concurrency: number, handler: (data: T) => Promise<void>): Promise<void> {
    for (let index = 0; index < concurrency; index += 1) this.loops.push(this.loop(name, handler));
  }

  async schedule(name: QueueName, cron: string): Promise<void> {
    await this.boss.schedule(name, cron);
  }

  /** Adds jobs in the caller's transaction: they exist only if it commits. */
  async sendInTransaction(
    transaction: JobTransaction,
    name: QueueName,
    jobs: NewJob[],
    options: { retryLimit: number; expireInSeconds: number },
  ): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((job) => ({
        name,
        data: job.data,
        // An interval from the database's now(), not a time from this machine's clock.
        startAfter: job.delayMs ? (job.delayMs / 1000).toFixed(3) : undefined,
        retryLimit: options.retryLimit,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds,
      })),
      { db: { executeSql: (text, values) => transaction.executeSql(text, values as unknown[]) } },
    );
  }

  /** Makes this process's idle workers of `name` look for jobs now instead of at their next poll. */
  wake(name: QueueName): void {
    for (const wake of this.sleepers.get(name) ?? []) wake();
  }

  private async loop<T extends object>(name: QueueName, handler: (data: T) => Promise<void>): Promise<void> {
    while (this.started) {
      let job: PgBoss.Job<T> | undefined;
      try {
        [job] = await this.boss.fetch<T>(name, { batchSize: 1 });
      } catch (error) {
        this.log(`fetching ${name} jobs failed`, error);
        await this.sleep(name, FETCH_ERROR_BACKOFF_MS);
        continue;
      }
      if (!job) {
        await this.sleep(name, this.pollingMs);
        continue;
      }
      await this.run(name, job, handler);
    }
  }

  private async run<T extends object>(name: QueueName, job: PgBoss.Job<T>, handler: (data: T) => Promise<void>): Promise<void> {
    try {
      await handler(job.data);
    } catch (error) {
      this.log(`${name} job ${job.id} failed; pg-boss retries it`, error);
      await this.boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => {});
      return;
    }
    // If this fails (the database went away), the job stays active until it expires and is
    // retried; handlers are written to make a repeat a no-op.
    await this.boss.complete(name, job.id).catch((error: unknown) => this.log(`completing ${name} job ${job.id} failed`, error));
  }

  private sleep(name: QueueName, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let sleepers = this.sleepers.get(name);
      if (!sleepers) this.sleepers.set(name, (sleepers = new Set()));
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  }
}
