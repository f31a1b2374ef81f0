import type { Database } from '../../db/client.js';
import { enqueueInboundWebhook, type InboundProvider, type InboundTarget } from './inbound-webhooks.repository.js';

/** The webhook side of inbound deliveries: stores them, durably, for the background processor. */
export class InboundWebhooksService {
  constructor(private readonly db: Database) {}

  /** Stores a verified delivery once per target and wakes the processors; returns the rows stored. */
  enqueue(provider: InboundProvider, targets: InboundTarget[], payloadJson: string): Promise<number> {
    return enqueueInboundWebhook(this.db, provider, targets, payloadJson);
  }
}
