import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import type { WebhookOutcome } from '../modules/channels/adapters/adapter.js';
import { adapterOfProvider } from '../modules/channels/adapters/registry.js';
import {
  claimInboundWebhooks,
  markInboundWebhookFailed,
  markInboundWebhooksProcessed,
} from '../modules/inbound-webhooks/inbound-webhooks.repository.js';
import type { InboundMessagesService, WebhookChannel } from '../modules/messages/inbound.service.js';

export interface InboundWebhookProcessorOptions {
  /** Rows one claim locks and processes. */
  batchSize?: number;
  /** Attempts after which a failing row is left alone (with its last error) for a person to look at. */
  maxAttempts?: number;
  /** Delay before the first retry of a failed row; it doubles with each attempt, up to retryMaxMs. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface BatchResult extends WebhookOutcome {
  /** Rows claimed by this batch. */
  claimed: number;
  /** Rows whose processing failed (to be retried later). */
  failed: number;
}

const DEFAULTS = { batchSize: 100, maxAttempts: 10, retryBaseMs: 5_000, retryMaxMs: 15 * 60_000 };

/**
 * Turns stored inbound webhook deliveries (inbound_webhooks) into contacts, chats, messages and
 * statuses. Each batch locks its rows (FOR UPDATE SKIP LOCKED) for as long as it works on them,
 * so processors of several server processes share the rows without taking the same one; rows
 * are processed one after another, in the order received. A failure is recorded on its row,
 * which is retried later, backing off, up to maxAttempts.
 */
export class InboundWebhookProcessor {
  private readonly options: typeof DEFAULTS;

  constructor(
    private readonly db: Database,
    private readonly inbound: InboundMessagesService,
    private readonly log: FastifyBaseLogger,
    options: InboundWebhookProcessorOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Claims and processes one batch of due rows. */
  async processBatch(): Promise<BatchResult> {
    const result: BatchResult = { claimed: 0, failed: 0, stored: 0, duplicates: 0, statusesApplied: 0, ignored: 0 };
    // Channels read for this batch, by type and routing key: a batch names few.
    const channels = new Map<string, Promise<WebhookChannel | undefined>>();
    const channelFinder = (type: string) => (routingKey: string) => {
      const key = `${type}:${routingKey}`;
      let found = channels.get(key);
      if (!found) channels.set(key, (found = this.inbound.findWebhookChannel(type, routingKey)));
      return found;
    };
    await this.db.transaction(async (tx) => {
      const rows = await claimInboundWebhooks(tx, this.options.batchSize, this.options.maxAttempts);
      result.claimed = rows.length;
      const processed: typeof rows = [];
      for (const row of rows) {
        try {
          const adapter = adapterOfProvider(row.provider);
          if (!adapter) throw new Error(`no channel adapter processes ${row.provider} webhooks`);
          const outcome = await adapter.inbound.process(row.payload, row, {
            inbound: this.inbound,
            findChannel: channelFinder(adapter.type),
            log: this.log,
          });
          result.stored += outcome.stored;
          result.duplicates += outcome.duplicates;
          result.statusesApplied += outcome.statusesApplied;
          result.ignored += outcome.ignored;
          processed.push(row);
        } catch (error) {
          result.failed += 1;
          const attempts = row.attempts + 1;
          const retryInMs = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.retryMaxMs);
          const message = error instanceof Error ? error.message : String(error);
          this.log[attempts >= this.options.maxAttempts ? 'error' : 'warn'](
            { err: error, workspaceId: row.workspaceId, inboundWebhookId: row.id, attempts },
            attempts >= this.options.maxAttempts
              ? 'inbound webhook processing failed for the last time; left unprocessed'
              : 'inbound webhook processing failed; retrying later',
          );
          await markInboundWebhookFailed(tx, row, message.slice(0, 2000), retryInMs);
        }
      }
      await markInboundWebhooksProcessed(tx, processed);
    });
    return result;
  }

  /** Processes batches until no row is due: what tests call after posting a webhook. */
  async drain(): Promise<BatchResult> {
    const total: BatchResult = { claimed: 0, failed: 0, stored: 0, duplicates: 0, statusesApplied: 0, ignored: 0 };
    for (;;) {
      const batch = await this.processBatch();
      for (const key of Object.keys(total) as (keyof BatchResult)[]) total[key] += batch[key];
      // A batch of failures only would be claimed again at once if retries were due at once.
      if (batch.claimed === 0 || batch.failed === batch.claimed) return total;
    }
  }
}
