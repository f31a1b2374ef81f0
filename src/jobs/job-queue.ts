import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Database } from '../db/client.js';
import { poolOf, type JobTransaction } from './connection.js';

/** A pg-boss queue: a defined job's name (see define-job.ts and registry.ts). */
export type QueueName = string;

/**
 * A queue and its pg-boss policy: `standard`, or `short`, which keeps at most one job per
 * singleton key waiting (a burst of customer messages queues one agent turn) while one runs.
 */
export interface QueueSpec {
  name: QueueName;
  policy?: 'standard' | 'short';
}

const SCHEMA = 'pgboss';

/**
 * Creates pg-boss's tables and our queues when they are missing, as part of migrating the
 * database: jobs are added inside request transactions (an outbound message's send), which
 * must work before (or without) the job workers starting.
 */
export async function prepareJobStorage(db: Database, queues: QueueSpec[]): Promise<void> {
  const pool = poolOf(db);
  const { rows } = await pool.query<{ installed: string | null }>(`SELECT to_regclass('${SCHEMA}.version')::text AS installed`);
  if (!rows[0]?.installed) await pool.query(PgBoss.getConstructionPlans(SCHEMA));
  for (const { name, policy } of queues)
    await pool.query(`SELECT ${SCHEMA}.create_queue($1, $2)`, [name, { policy: policy ?? 'standard' }]);
}

export interface NewJob {
  data: object;
  /** How long from now (by the database's clock) before the job may run. */
  delayMs?: number;
  /** With a `short` queue: a job with the key of one already waiting is not added. */
  singletonKey?: string;
}

export type ErrorLog = (message: string, error?: unknown) => void;
export type WarningLog = (message: string) => void;

/**
 * PostgreSQL ending connections (a restart or shutdown: Ctrl-C in a terminal reaches the
 * embedded PostgreSQL too), or not answering: expected, and pg-boss reconnects by itself.
 */
const CONNECTION_LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);
/** One warning per outage, not one stack trace per pooled connection. */
const CONNECTION_LOST_REPORT_MS = 30_000;

export function isConnectionLoss(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && CONNECTION_LOST_CODES.has(code)) return true;
  return typeof message === 'string' && /Connection terminated|connection.*(closed|ended)/i.test(message);
}

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
  /** Queues woken since their loop's last fetch began. */
  private readonly woken = new Set<QueueName>();
  private started = false;
  private log: ErrorLog = () => {};
  private warn: WarningLog = () => {};
  private connectionLossReportedAt = 0;

  constructor(connection: pg.ClientConfig, options: { pollingIntervalSeconds: number }) {
    this.pollingMs = options.pollingIntervalSeconds * 1000;
    this.boss = new PgBoss({ ...(connection as PgBoss.DatabaseOptions), schema: SCHEMA, max: 4, application_name: 'switchboard-jobs' });
    // pg-boss reports a dropped connection (a PostgreSQL restart) as an 'error' event; an
    // EventEmitter without a listener would crash the process on it.
    this.boss.on('error', (error) => this.onError(error));
  }

  /** Connects, and creates the queues named (the registered jobs'). */
  async start(log: ErrorLog, queues: QueueSpec[], warn: WarningLog = (message) => log(message)): Promise<void> {
    if (this.started) return;
    this.log = log;
    this.warn = warn;
    await this.boss.start();
    this.started = true;
    for (const { name, policy } of queues) await this.boss.createQueue(name, { name, policy: policy ?? 'standard' });
  }

  /** Lets running jobs finish, then closes pg-boss's connections. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const sleepers of this.sleepers.values()) for (const wake of sleepers) wake();
    await Promise.all(this.loops.splice(0));
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  private onError(error: unknown): void {
    if (!isConnectionLoss(error)) return this.log('job queue error', error);
    // While stopping, the database going away first is expected and not worth a word.
    if (!this.started || Date.now() - this.connectionLossReportedAt < CONNECTION_LOST_REPORT_MS) return;
    this.connectionLossReportedAt = Date.now();
    this.warn(`job queue: lost its database connection (${(error as Error).message}); reconnecting`);
  }

  /**
   * Runs `handler` for each job of `name`, `concurrency` at a time. A handler that throws fails
   * the job (pg-boss retries it). One loop per queue fetches jobs for all its idle slots in one
   * query, and finished jobs are completed together (see Completions).
   */
  async work<T extends object>(name: QueueName, concurrency: number, handler: (data: T) => Promise<void>): Promise<void> {
    this.loops.push(this.loop(name, concurrency, handler));
  }

  async schedule(name: QueueName, cron: string): Promise<void> {
    await this.boss.schedule(name, cron);
  }

  /** Removes a schedule (of a job that is no longer scheduled), if it exists. */
  async unschedule(name: QueueName): Promise<void> {
    await this.boss.unschedule(name);
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
        singletonKey: job.singletonKey,
        retryLimit: options.retryLimit,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds,
      })),
      { db: { executeSql: (text, values) => transaction.executeSql(text, values as unknown[]) } },
    );
  }

  /**
   * Runs the next due job of `name`, if any, as a worker would: what tests' `drain()` calls
   * instead of waiting for the workers. False when none was due.
   */
  async runNext<T extends object>(name: QueueName, handler: (data: T) => Promise<void>): Promise<boolean> {
    const [job] = await this.boss.fetch<T>(name, { batchSize: 1 });
    if (!job) return false;
    const completions = new Completions(
      (ids) => this.boss.complete(name, ids),
      (ids, error) => this.log(`completing ${name} job ${ids.join(', ')} failed`, error),
    );
    await this.run(name, job, handler, completions);
    await completions.settled();
    return true;
  }

  /** Makes this process's idle workers of `name` look for jobs now instead of at their next poll. */
  wake(name: QueueName): void {
    this.woken.add(name);
    for (const wake of this.sleepers.get(name) ?? []) wake();
  }

  private async loop<T extends object>(name: QueueName, concurrency: number, handler: (data: T) => Promise<void>): Promise<void> {
    const running = new Set<Promise<void>>();
    const completions = new Completions(
      (ids) => this.boss.complete(name, ids),
      (ids, error) => this.log(`completing ${name} jobs ${ids.join(', ')} failed`, error),
    );
    while (this.started) {
      if (running.size >= concurrency) {
        await Promise.race(running);
        continue;
      }
      // A wake that arrives while this fetch runs is kept, so the loop looks again instead of sleeping.
      this.woken.delete(name);
      const idle = concurrency - running.size;
      let jobs: PgBoss.Job<T>[];
      try {
        jobs = await this.boss.fetch<T>(name, { batchSize: idle });
      } catch (error) {
        this.log(`fetching ${name} jobs failed`, error);
        await this.sleep(name, FETCH_ERROR_BACKOFF_MS);
        continue;
      }
      for (const job of jobs) {
        const run: Promise<void> = this.run(name, job, handler, completions).finally(() => running.delete(run));
        running.add(run);
      }
      if (jobs.length === idle || this.woken.has(name)) continue;
      // Nothing more due (fewer jobs than idle slots came): look again when woken, at the next
      // poll, or when a running job frees a slot.
      await this.sleep(name, this.pollingMs, running.size > 0 ? Promise.race(running) : undefined);
    }
    await Promise.all(running);
    await completions.settled();
  }

  private async run<T extends object>(
    name: QueueName,
    job: PgBoss.Job<T>,
    handler: (data: T) => Promise<void>,
    completions: Completions,
  ): Promise<void> {
    try {
      await handler(job.data);
    } catch (error) {
      this.log(`${name} job ${job.id} failed; pg-boss retries it`, error);
      await this.boss.fail(name, job.id, { message: error instanceof Error ? error.message : String(error) }).catch(() => {});
      return;
    }
    // If completing fails (the database went away), the job stays active until it expires and
    // is retried; handlers are written to make a repeat a no-op.
    completions.add(job.id);
  }

  private sleep(name: QueueName, ms: number, until?: Promise<unknown>): Promise<void> {
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
      void until?.then(wake, wake);
    });
  }
}

/**
 * Completes finished jobs in batches: one query for every job that finished while the
 * previous completion was under way, instead of one per job.
 */
class Completions {
  private waiting: string[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly complete: (ids: string[]) => Promise<unknown>,
    private readonly onError: (ids: string[], error: unknown) => void,
  ) {}

  add(id: string): void {
    this.waiting.push(id);
    this.flushing ??= this.flush();
  }

  /** Resolves once every job added so far has been completed (or its completion has failed). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    for (;;) {
      const ids = this.waiting.splice(0);
      // Cleared in the same step as the last look at `waiting`: an id added later starts a new flush.
      if (ids.length === 0) return void (this.flushing = undefined);
      await this.complete(ids).catch((error: unknown) => this.onError(ids, error));
    }
  }
}
