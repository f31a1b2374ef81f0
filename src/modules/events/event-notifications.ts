import pg from 'pg';
import { INBOUND_WEBHOOKS_CHANNEL } from '../inbound-webhooks/inbound-webhooks.repository.js';
import { EVENTS_CHANNEL } from './events.repository.js';

export interface EventNotice {
  workspaceId: number;
  eventId: number;
  type: string;
}

const FIRST_RECONNECT_DELAY_MS = 100;
const MAX_RECONNECT_DELAY_MS = 5_000;

/**
 * The process's one LISTEN connection on the events channel. NOTIFY reaches every process on
 * the database, so a change made by any server process wakes the readers of all of them.
 * Notifications only say "look now": readers always read the events table itself, so one
 * missed while the connection was down costs latency, not data (`onConnected` tells them to
 * catch up after a reconnect).
 */
export class EventNotifications {
  private client: pg.Client | undefined;
  private running = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay = FIRST_RECONNECT_DELAY_MS;
  private readonly noticeListeners = new Set<(notice: EventNotice) => void>();
  private readonly connectedListeners = new Set<() => void>();
  private readonly inboundWebhookListeners = new Set<() => void>();

  private log: (message: string, error?: unknown) => void = () => {};

  constructor(private readonly connection: pg.ClientConfig) {}

  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Connects and listens; fails if the first connection cannot be made. */
  async start(log: (message: string, error?: unknown) => void): Promise<void> {
    if (this.running) return;
    this.log = log;
    this.running = true;
    await this.connect().catch((error: unknown) => {
      this.running = false;
      throw error;
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  onNotice(listener: (notice: EventNotice) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Called when an inbound provider webhook was stored (by any process) for processing. */
  onInboundWebhook(listener: () => void): () => void {
    this.inboundWebhookListeners.add(listener);
    return () => this.inboundWebhookListeners.delete(listener);
  }

  /** Called after every (re)connection: notifications sent while disconnected were lost. */
  onConnected(listener: () => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.connection, keepAlive: true });
    // Without an 'error' listener a dropped connection (a PostgreSQL restart) would crash the process.
    client.on('error', (error) => this.dropped(client, error));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => {
      if (message.channel === INBOUND_WEBHOOKS_CHANNEL) for (const listener of this.inboundWebhookListeners) listener();
      else this.dispatch(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      await client.query(`LISTEN ${INBOUND_WEBHOOKS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (!this.running) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.reconnectDelay = FIRST_RECONNECT_DELAY_MS;
    for (const listener of this.connectedListeners) listener();
  }

  private dispatch(payload: string | undefined): void {
    const [workspace, event, type = ''] = (payload ?? '').split(':');
    const notice = { workspaceId: Number(workspace), eventId: Number(event), type };
    if (!Number.isSafeInteger(notice.workspaceId) || !Number.isSafeInteger(notice.eventId)) return;
    for (const listener of this.noticeListeners) listener(notice);
  }

  private dropped(client: pg.Client, error?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => {});
    if (!this.running) return;
    this.log('the events LISTEN connection was lost; reconnecting', error);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        if (!this.running) return;
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
        this.log(`reconnecting the events LISTEN connection failed; trying again in ${this.reconnectDelay} ms`, error);
        this.scheduleReconnect();
      });
    }, this.reconnectDelay);
  }
}
