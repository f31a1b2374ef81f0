import type { Database } from '../../db/client.js';
import { invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { parseEventTypePatterns } from '../events/event-types.js';
import { failPendingDeliveries } from './deliveries.repository.js';
import { generateWebhookSecret } from './signature.js';
import * as repository from './subscriptions.repository.js';
import { checkWebhookUrl } from './url-guard.js';
import type { SubscriptionInput, WebhookOptions, WebhookSubscription } from './webhooks.schemas.js';

export const DISABLED_BY_USER = 'Disabled through the API';

export function toSubscription(row: repository.SubscriptionRow): WebhookSubscription {
  const { workspaceId: _workspaceId, secret: _secret, ...subscription } = row;
  return subscription;
}

/** Webhook subscriptions: where a workspace's events are sent. */
export class WebhooksService {
  constructor(
    private readonly db: Database,
    private readonly options: Pick<WebhookOptions, 'allowPrivateUrls'>,
  ) {}

  /** Creates a subscription; the returned secret is not shown again. */
  async createSubscription(tenant: Tenant, input: SubscriptionInput): Promise<{ subscription: WebhookSubscription; secret: string }> {
    if (input.url === undefined) throw invalid('url', 'is required');
    if (input.eventTypes === undefined) throw invalid('eventTypes', 'is required');
    const url = await checkWebhookUrl(input.url, { allowPrivate: this.options.allowPrivateUrls });
    const eventTypes = parseEventTypePatterns(input.eventTypes, 'eventTypes');
    const secret = generateWebhookSecret();
    const enabled = input.enabled ?? true;
    const row = await repository.insertSubscription(this.db, tenant.workspaceId, {
      url,
      eventTypes,
      description: input.description ?? null,
      secret,
      enabled,
      ...(enabled ? {} : { disabledAt: new Date(), disabledReason: DISABLED_BY_USER }),
    });
    return { subscription: toSubscription(row), secret };
  }

  async getSubscriptionById(tenant: Tenant, id: number): Promise<WebhookSubscription> {
    const row = await repository.findSubscriptionRow(this.db, tenant.workspaceId, id);
    if (!row) throw notFound('webhook', id);
    return toSubscription(row);
  }

  async findSubscriptions(tenant: Tenant, query: ListQuery): Promise<Page<WebhookSubscription>> {
    const page = await repository.findSubscriptionRows(this.db, tenant.workspaceId, query);
    return { items: page.rows.map(toSubscription), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  /**
   * Changes the fields given. Enabling a disabled subscription clears its failure record;
   * disabling one ends its pending deliveries (they can be replayed later).
   */
  async updateSubscription(tenant: Tenant, id: number, input: SubscriptionInput): Promise<WebhookSubscription> {
    const url = input.url === undefined ? undefined : await checkWebhookUrl(input.url, { allowPrivate: this.options.allowPrivateUrls });
    const eventTypes = input.eventTypes === undefined ? undefined : parseEventTypePatterns(input.eventTypes, 'eventTypes');
    return this.db.transaction(async (tx) => {
      const { workspaceId } = tenant;
      const current = await repository.findSubscriptionRow(tx, workspaceId, id, true);
      if (!current) throw notFound('webhook', id);
      const enabling = input.enabled === true && !current.enabled;
      const disabling = input.enabled === false && current.enabled;
      const row = await repository.updateSubscriptionRow(tx, workspaceId, id, {
        ...(url === undefined ? {} : { url }),
        ...(eventTypes === undefined ? {} : { eventTypes }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(enabling ? { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, failingSince: null } : {}),
        ...(disabling ? { enabled: false, disabledAt: new Date(), disabledReason: DISABLED_BY_USER } : {}),
      });
      if (disabling) await failPendingDeliveries(tx, workspaceId, id, 'The webhook was disabled before this delivery succeeded');
      return toSubscription(row);
    });
  }

  /** A new signing secret, effective for the next attempt; returned once. */
  async rotateSecret(tenant: Tenant, id: number): Promise<{ subscription: WebhookSubscription; secret: string }> {
    const current = await repository.findSubscriptionRow(this.db, tenant.workspaceId, id);
    if (!current) throw notFound('webhook', id);
    const secret = generateWebhookSecret();
    const row = await repository.updateSubscriptionRow(this.db, tenant.workspaceId, id, { secret });
    return { subscription: toSubscription(row), secret };
  }

  /** Deletes the subscription with its delivery log; returns what was deleted. */
  async deleteSubscription(tenant: Tenant, id: number): Promise<WebhookSubscription> {
    return this.db.transaction(async (tx) => {
      const row = await repository.findSubscriptionRow(tx, tenant.workspaceId, id, true);
      if (!row) throw notFound('webhook', id);
      await repository.deleteSubscriptionRow(tx, tenant.workspaceId, id);
      return toSubscription(row);
    });
  }
}
