export interface WebhookSubscription {
  id: number;
  uuid: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriptionInput {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

export const deliveryStatuses = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface WebhookDelivery {
  id: number;
  uuid: string;
  subscriptionId: number;
  /** The event's stable id (its uuid), as sent in the body and Switchboard-Event-Id. */
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastResponseStatus: number | null;
  lastResponseBody: string | null;
  lastError: string | null;
  lastDurationMs: number | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Settings from the configuration, in milliseconds. */
export interface WebhookOptions {
  allowPrivateUrls: boolean;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** Retries of a delivery stop once its first attempt is this old. */
  retryWindowMs: number;
  /** A subscription failing without a success for this long, and at least `disableAfterFailures` times, is disabled. */
  disableAfterMs: number;
  disableAfterFailures: number;
}
