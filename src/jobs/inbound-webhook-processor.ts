import type { FastifyBaseLogger } from 'fastify';
import type { Database, Executor } from '../db/client.js';
import type { InboundItems, WebhookOutcome } from '../modules/channels/adapters/adapter.js';
import { adapterOfProvider } from '../modules/channels/adapters/registry.js';
import {
  claimInboundWebhooks,
  markInboundWebhookFailed,
  markInboundWebhooksProcessed,
  type InboundWebhookRow,
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
 * so processors of several server processes share the rows without taking the same one. A batch
 * is stored at once, in the claim's transaction, with set-based statements (inbound-batch.ts);
 * when that fails, its rows are processed one after another, in the order received, and a
 * failure is recorded on its row, which is retried later, backing off, up to maxAttempts.
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
      if (rows.length === 0) return;
      const context = (type: string) => ({ inbound: this.inbound, findChannel: channelFinder(type), log: this.log });
      try {
        // The whole batch at once, in a savepoint of the claim: all of it or none of it.
        const outcome = await tx.transaction(async (batch) => {
          const items: InboundItems = { messages: [], statuses: [], ignored: 0 };
          for (const row of rows) {
            const adapter = adapterOfProvider(row.provider);
            if (!adapter?.inbound?.read) throw new Error(`no channel adapter reads ${row.provider} webhooks in batches`);
            const read = await adapter.inbound.read(row.payload, row, context(adapter.type));
            items.messages.push(...read.messages);
            items.statuses.push(...read.statuses);
            items.ignored += read.ignored;
          }
          const received = await this.inbound.receiveMessages(items.messages, batch);
          let statusesApplied = 0;
          for (const status of items.statuses) {
            const applied = await this.inbound.applyStatus(status.channel, status.providerId, status.status, status.errors, batch);
            if (applied === 'updated') statusesApplied += 1;
            else items.ignored += 1;
          }
          return { ...received, statusesApplied, ignored: items.ignored };
        });
        Object.assign(result, { ...outcome, claimed: rows.length, failed: 0 });
        await markInboundWebhooksProcessed(tx, rows);
        return;
      } catch (error) {
        // One bad delivery must not hold up the others: they are processed one by one.
        this.log.warn({ err: error, rows: rows.length }, 'inbound webhook batch failed; processing its deliveries one by one');
      }
      const processed: typeof rows = [];
      for (const row of rows) {
        try {
          const adapter = adapterOfProvider(row.provider);
          if (!adapter?.inbound) throw new Error(`no channel adapter processes ${row.provider} webhooks`);
          const outcome = await adapter.inbound.process(row.payload, row, context(adapter.type));
          result.stored += outcome.stored;
          result.duplicates += outcome.duplicates;
          result.statusesApplied += outcome.statusesApplied;
          result.ignored += outcome.ignored;
          processed.push(row);
        } catch (error) {
          result.failed += 1;
          await this.recordFailure(tx, row, error);
        }
      }
      await markInboundWebhooksProcessed(tx, processed);
    });
    return result;
  }

  private async recordFailure(tx: Executor, row: InboundWebhookRow, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const retryInMs = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), this.options.retryMaxMs);
    const message = error instanceof Error ? error.message : String(error);
    const last = attempts >= this.options.maxAttempts;
    this.log[last ? 'error' : 'warn'](
      { err: error, workspaceId: row.workspaceId, inboundWebhookId: row.id, attempts },
      last ? 'inbound webhook processing failed for the last time; left unprocessed' : 'inbound webhook processing failed; retrying later',
    );
    await markInboundWebhookFailed(tx, row, message.slice(0, 2000), retryInMs);
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
