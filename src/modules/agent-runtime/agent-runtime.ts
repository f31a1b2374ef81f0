import type { JobQueue, ErrorLog } from '../../jobs/job-queue.js';
import { queues } from '../../jobs/job-queue.js';
import { EventPump } from '../events/event-pump.js';
import type { EventNotifications } from '../events/event-notifications.js';
import { AgentTurns, type AgentTurnDependencies, type AgentTurnJob, type AgentTurnOptions } from './agent-turn.js';
import { TurnQueue } from './turn-queue.js';

export interface AgentRuntimeDependencies extends AgentTurnDependencies {
  jobs: JobQueue;
}

/** How often the consumer looks for events on its own, for notifications that were lost. */
const SWEEP_MS = 5_000;

/**
 * The agent runtime: an outbox consumer that queues turns (TurnQueue) and the job workers
 * that run them (AgentTurns). Its collaborators (handoffs, providers, the agent directory,
 * knowledge retrieval) come in as dependencies.
 */
export class AgentRuntime {
  readonly turns: AgentTurns;
  readonly queue: TurnQueue;
  private pump: EventPump | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly dependencies: AgentRuntimeDependencies,
    private readonly options: AgentTurnOptions & { concurrency: number },
  ) {
    this.turns = new AgentTurns(dependencies, options);
    this.queue = new TurnQueue(dependencies.db, dependencies.jobs, dependencies.directory, dependencies.handoffs);
  }

  /** Starts after the job queue and the notifications have started. */
  async start(notifications: EventNotifications, log: ErrorLog): Promise<void> {
    if (this.pump) return;
    await this.queue.initialize();
    await this.dependencies.jobs.work<AgentTurnJob>(queues.agentTurn, this.options.concurrency, async (job) => {
      await this.turns.runTurn(job);
    });
    const pump = new EventPump(
      () => this.queue.queueBatch(),
      (error) => log('agent runtime: queueing turns failed; retrying', error),
    );
    this.pump = pump;
    this.unsubscribe.push(
      notifications.onNotice((notice) => pump.notify(notice.eventId)),
      notifications.onConnected(() => pump.wake()),
    );
    this.sweep = setInterval(() => pump.wake(), SWEEP_MS);
    this.sweep.unref();
    pump.wake();
  }

  /** Stops queueing; the job workers stop with the job queue. */
  async stop(): Promise<void> {
    clearInterval(this.sweep);
    for (const off of this.unsubscribe.splice(0)) off();
    await this.pump?.stop();
    this.pump = undefined;
  }
}
