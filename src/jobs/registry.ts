import { agentTurnConsumer, agentTurnJob } from '../modules/agent-runtime/turn-queue.js';
import { callFollowUpJob } from '../modules/calls/follow-up-jobs.js';
import type { AnyConsumerDefinition } from '../modules/events/consumers.js';
import { outboundSendJob, outboundSendSweep } from '../modules/messages/outbound-send-jobs.js';
import { idempotencyPurgeJob } from '../modules/idempotency/idempotency-jobs.js';
import { webhookDeliveryJob } from '../modules/webhooks/delivery-jobs.js';
import { webhookDispatchConsumer } from '../modules/webhooks/dispatcher.js';
import { webhookDeliverySweep } from '../modules/webhooks/webhook-jobs.js';
import type { AnyJobDefinition } from './define-job.js';
import type { PollerDefinition } from './define-poller.js';
import { inboundWebhookPoller } from './inbound-webhook-poller.js';
import { retentionPurgeJob } from './retention.js';

/**
 * Everything the background runs (jobs/background.ts): a module adds its outbox consumer,
 * job or poller to one of these lists and nothing else needs wiring. See docs/architecture.md.
 */
export interface Registry {
  consumers: AnyConsumerDefinition[];
  jobs: AnyJobDefinition[];
  pollers: PollerDefinition[];
}

/** Schedules of cron jobs that became pollers: removed from pg-boss when the background starts. */
export const retiredSchedules = ['webhook-delivery-sweep', 'outbound-send-sweep'];

export const registry: Registry = {
  consumers: [webhookDispatchConsumer, agentTurnConsumer],
  jobs: [webhookDeliveryJob, idempotencyPurgeJob, retentionPurgeJob, outboundSendJob, agentTurnJob, callFollowUpJob],
  pollers: [inboundWebhookPoller, webhookDeliverySweep, outboundSendSweep],
};
