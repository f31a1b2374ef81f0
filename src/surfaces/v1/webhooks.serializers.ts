import type { z } from 'zod';
import type { WebhookDelivery, WebhookSubscription } from '../../modules/webhooks/webhooks.schemas.js';
import type { deliverySchema, webhookSchema } from './webhooks.schemas.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function serializeWebhook(subscription: WebhookSubscription): z.infer<typeof webhookSchema> {
  return {
    id: subscription.id,
    url: subscription.url,
    description: subscription.description,
    eventTypes: subscription.eventTypes,
    enabled: subscription.enabled,
    disabledAt: iso(subscription.disabledAt),
    disabledReason: subscription.disabledReason,
    consecutiveFailures: subscription.consecutiveFailures,
    failingSince: iso(subscription.failingSince),
    lastSuccessAt: iso(subscription.lastSuccessAt),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
  };
}

export function serializeDelivery(delivery: WebhookDelivery): z.infer<typeof deliverySchema> {
  return {
    id: delivery.id,
    webhookId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastAttemptAt: iso(delivery.lastAttemptAt),
    lastResponseStatus: delivery.lastResponseStatus,
    lastResponseBody: delivery.lastResponseBody,
    lastError: delivery.lastError,
    lastDurationMs: delivery.lastDurationMs,
    deliveredAt: iso(delivery.deliveredAt),
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
  };
}
