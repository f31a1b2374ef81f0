import { definePoller } from './define-poller.js';
import { InboundWebhookProcessor } from './inbound-webhook-processor.js';

/** Turns stored inbound provider webhooks into contacts, chats and messages as they arrive. */
export const inboundWebhookPoller = definePoller({
  name: 'inbound-webhooks',
  pollMs: (config) => config.INBOUND_WEBHOOKS_POLL_MS,
  wakeOn: (notifications, wake) => notifications.onInboundWebhook(wake),
  async runBatch({ db, services, log }) {
    const batch = await new InboundWebhookProcessor(db, services.inbound, log).processBatch();
    // A batch of failures only would be claimed again at once if retries were due at once.
    return { more: batch.claimed > batch.failed };
  },
});
