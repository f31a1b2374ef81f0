/** What one pull read: the ids of the events it passed, and whether more are waiting. */
export interface PullResult {
  eventIds: number[];
  more: boolean;
  /** Everything committed so far has been dealt with (skipped over): nothing is pending any more. */
  caughtUp?: boolean;
}

const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 2_000;
/** A notified event not read by then was taken by another process (the dispatcher) or deleted. */
const PENDING_TTL_MS = 30_000;
const REMEMBERED_IDS = 5_000;

/**
 * Runs a reader's `pull` whenever there may be something new, never two at once. A pull reads
 * only events whose transaction is older than every running one, so a notified event can be
 * held back for a moment by an unrelated open transaction; the pump keeps such events pending
 * and pulls again, backing off, until it has read them.
 */
export class EventPump {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay = FIRST_RETRY_MS;
  private readonly pending = new Map<number, number>();
  private readonly seen = new Set<number>();

  constructor(
    private readonly pull: () => Promise<PullResult>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** An event was committed: read until it has been seen. */
  notify(eventId: number): void {
    if (!this.seen.has(eventId)) this.pending.set(eventId, Date.now());
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run();
  }

  /** Stops pulling; resolves once a pull under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.running;
  }

  private async run(): Promise<void> {
    let failed = false;
    try {
      do {
        this.again = false;
        const { eventIds, more, caughtUp } = await this.pull();
        for (const id of eventIds) this.remember(id);
        if (caughtUp) this.pending.clear();
        if (more) this.again = true;
      } while (this.again && !this.stopped);
    } catch (error) {
      failed = true;
      this.onError(error);
    } finally {
      this.running = undefined;
    }
    this.scheduleRetry(failed);
  }

  private remember(id: number): void {
    this.pending.delete(id);
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value!);
  }

  private scheduleRetry(failed: boolean): void {
    const now = Date.now();
    for (const [id, notedAt] of this.pending) if (now - notedAt > PENDING_TTL_MS) this.pending.delete(id);
    if (this.stopped || (!failed && this.pending.size === 0)) {
      this.retryDelay = FIRST_RETRY_MS;
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.wake(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
  }
}
