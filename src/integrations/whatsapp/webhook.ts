import type { FastifyBaseLogger } from 'fastify';
import type { InboundContext, InboundItems, InboundTarget, WebhookOutcome } from '../../modules/channels/adapters/adapter.js';
import type { InboundMessagesService, WebhookChannel } from '../../modules/messages/inbound.service.js';
import { AppError } from '../../shared/errors.js';
import { isValidSignature } from './signature.js';
import { readMessagesChanges, webhookEnvelopeSchema, type MessagesChange } from './webhook-payload.js';

/**
 * How long a channel read for one delivery serves the next ones (one query less per delivery).
 * Within it, a deleted channel or an app secret replaced by another is still honoured; a
 * delivery signed with a new secret is checked against the stored channel at once.
 */
export const CHANNEL_CACHE_MS = 5_000;
const CHANNEL_CACHE_ENTRIES = 1_000;

/** What the webhook answers: the delivery was stored for processing (once per channel it names). */
export interface WebhookReceipt {
  /** Rows stored for the background processor: one per channel the delivery routes to. */
  queued: number;
  /** Parts that cannot be routed to a channel (other objects or fields), logged and left alone. */
  ignored: number;
}

/** Stores a verified delivery for the channels it routes to; resolves once it is durable. */
export type EnqueueDelivery = (targets: InboundTarget[], payloadJson: string) => Promise<number>;

/**
 * The one webhook URL of all WhatsApp channels. Every phone number id a delivery names must
 * belong to a channel, and the delivery must be signed with each one's app secret, before
 * anything is stored. A verified delivery is stored as received and acknowledged; the
 * background processor (processWhatsAppDelivery) turns it into messages and statuses.
 */
export class WhatsAppWebhook {
  /** Channels by phone number id, as last read: every delivery names one, and it rarely changes. */
  private readonly channels = new Map<string, { channel: WebhookChannel; readAt: number }>();

  constructor(
    private readonly inbound: InboundMessagesService,
    private readonly enqueue: EnqueueDelivery,
    private readonly channelCacheMs = CHANNEL_CACHE_MS,
  ) {}

  /** The subscription handshake: echoes `hub.challenge` when the verify token is a channel's. */
  async verify(mode: string | undefined, token: string | undefined, challenge: string | undefined): Promise<string> {
    if (mode !== 'subscribe' || !token || !challenge) {
      throw new AppError('VALIDATION_FAILED', 'hub.mode must be "subscribe", with hub.verify_token and hub.challenge', {
        field: 'hub.mode',
      });
    }
    if (!(await this.inbound.isKnownVerifyToken(token)))
      throw new AppError('FORBIDDEN', 'hub.verify_token does not match any WhatsApp channel');
    return challenge;
  }

  async receive(rawBody: Buffer, signature: string | undefined, log: FastifyBaseLogger): Promise<WebhookReceipt> {
    const text = rawBody.toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The webhook body is not JSON', { field: 'body' });
    }
    const envelope = webhookEnvelopeSchema.safeParse(json);
    if (!envelope.success || envelope.data.object !== 'whatsapp_business_account') {
      // Nothing in it can be routed to a channel, so nothing is stored: safe to acknowledge.
      log.warn(
        { issues: envelope.success ? undefined : envelope.error.issues.slice(0, 5) },
        'whatsapp webhook: not a WhatsApp Business payload; ignored',
      );
      return { queued: 0, ignored: 1 };
    }
    const { changes, ignored } = readMessagesChanges(envelope.data);
    const channels = await this.authenticate(
      changes.map((change) => change.phoneNumberId),
      rawBody,
      signature,
    );
    const targets = deliveryTargets(changes, channels);
    // PostgreSQL's jsonb cannot hold U+0000; such characters (valid JSON, never meaningful in a
    // message) become U+FFFD so the delivery is stored rather than refused and retried forever.
    const stored = text.includes('\\u0000') ? JSON.stringify(json, withoutNul) : text;
    return { queued: await this.enqueue(targets, stored), ignored };
  }

  private async authenticate(
    phoneNumberIds: string[],
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<Map<string, WebhookChannel>> {
    const channels = new Map<string, WebhookChannel>();
    for (const phoneNumberId of new Set(phoneNumberIds)) {
      let channel = this.remembered(phoneNumberId);
      // A signature the remembered secret does not match is checked again against the stored
      // channel: its app secret may have just been changed.
      if (!channel || !isValidSignature(rawBody, signature, channel.secret('appSecret'))) {
        channel = await this.inbound.findWebhookChannel('whatsapp', phoneNumberId);
        if (!channel) {
          this.channels.delete(phoneNumberId);
          throw new AppError('NOT_FOUND', `No WhatsApp channel is connected to phone number id ${phoneNumberId}`);
        }
        this.remember(phoneNumberId, channel);
        if (!isValidSignature(rawBody, signature, channel.secret('appSecret'))) {
          throw new AppError(
            'UNAUTHENTICATED',
            'X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body under the channel’s app secret',
          );
        }
      }
      channels.set(phoneNumberId, channel);
    }
    return channels;
  }

  private remembered(phoneNumberId: string): WebhookChannel | undefined {
    const entry = this.channels.get(phoneNumberId);
    if (!entry) return undefined;
    if (Date.now() - entry.readAt < this.channelCacheMs) return entry.channel;
    this.channels.delete(phoneNumberId);
    return undefined;
  }

  /** Only channels that exist are remembered, so a channel connected a moment ago is found at once. */
  private remember(phoneNumberId: string, channel: WebhookChannel): void {
    if (this.channelCacheMs <= 0) return;
    this.channels.delete(phoneNumberId);
    this.channels.set(phoneNumberId, { channel, readAt: Date.now() });
    // Oldest first: a burst of many numbers cannot grow the map without bound.
    while (this.channels.size > CHANNEL_CACHE_ENTRIES) this.channels.delete(this.channels.keys().next().value!);
  }
}

/**
 * The rows a delivery is stored as: one per channel and sender, so that each row has at most one
 * sender and the processors keep each sender's rows in order (claimInboundWebhooks). A delivery
 * with messages of several senders (Meta may batch them) is stored once per sender; its statuses
 * and unreadable items go with its first sender's row. A delivery without messages is one row
 * per channel, without a sender.
 */
export function deliveryTargets(changes: MessagesChange[], channels: Map<string, WebhookChannel>): InboundTarget[] {
  const senders = new Map<number, { channel: WebhookChannel; keys: Set<string> }>();
  for (const change of changes) {
    const channel = channels.get(change.phoneNumberId)!;
    const found = senders.get(channel.row.id) ?? { channel, keys: new Set<string>() };
    for (const message of change.messages) found.keys.add(message.from);
    senders.set(channel.row.id, found);
  }
  return [...senders.values()].flatMap<InboundTarget>(({ channel, keys }) => {
    const target = { workspaceId: channel.tenant.workspaceId, channelId: channel.row.id };
    return keys.size === 0 ? [{ ...target, senderKey: null }] : [...keys].map((senderKey) => ({ ...target, senderKey }));
  });
}

/**
 * Reads a stored delivery for one of the rows it was stored as (deliveryTargets): the messages
 * of the row's sender on the row's channel, and, on the first sender's row or a row without a
 * sender, the channel's statuses and unreadable items. Changes for other channels are left to
 * their own rows; a channel deleted or moved since is ignored.
 */
export async function readWhatsAppDelivery(
  payload: unknown,
  target: InboundTarget,
  findChannel: (phoneNumberId: string) => Promise<WebhookChannel | undefined>,
  log: InboundContext['log'],
): Promise<InboundItems> {
  const items: InboundItems = { messages: [], statuses: [], ignored: 0 };
  const envelope = webhookEnvelopeSchema.safeParse(payload);
  if (!envelope.success) return { ...items, ignored: 1 };
  const mine: { change: MessagesChange; channel: WebhookChannel | undefined }[] = [];
  for (const change of readMessagesChanges(envelope.data).changes) {
    const channel = await findChannel(change.phoneNumberId);
    if (!channel || (channel.row.id === target.channelId && channel.tenant.workspaceId === target.workspaceId))
      mine.push({ change, channel });
  }
  const senderKey = target.senderKey ?? null;
  const firstSender = mine.flatMap(({ channel, change }) => (channel ? change.messages : []))[0]?.from ?? null;
  // Rows stored before sender keys existed have none and carry the whole delivery.
  const carriesRest = senderKey === null || senderKey === firstSender;
  for (const { change, channel } of mine) {
    if (!channel) {
      if (carriesRest) items.ignored += change.messages.length + change.statuses.length + change.skipped;
      continue;
    }
    if (carriesRest && change.skipped > 0) {
      log.warn({ phoneNumberId: change.phoneNumberId, skipped: change.skipped }, 'whatsapp webhook: unreadable items skipped');
      items.ignored += change.skipped;
    }
    for (const message of change.messages) if (senderKey === null || message.from === senderKey) items.messages.push({ channel, message });
    if (carriesRest) for (const status of change.statuses) items.statuses.push({ channel, ...status });
  }
  return items;
}

/**
 * Processes a stored delivery one item after another: its messages are stored (once per
 * provider id, so a retried delivery or row changes nothing) and its statuses applied.
 */
export async function processWhatsAppDelivery(
  inbound: InboundMessagesService,
  payload: unknown,
  target: InboundTarget,
  findChannel: (phoneNumberId: string) => Promise<WebhookChannel | undefined>,
  log: InboundContext['log'],
): Promise<WebhookOutcome> {
  const items = await readWhatsAppDelivery(payload, target, findChannel, log);
  const outcome: WebhookOutcome = { stored: 0, duplicates: 0, statusesApplied: 0, ignored: items.ignored };
  for (const { channel, message } of items.messages) {
    if ((await inbound.receiveMessage(channel, message)) === 'stored') outcome.stored += 1;
    else outcome.duplicates += 1;
  }
  for (const status of items.statuses) {
    const result = await inbound.applyStatus(status.channel, status.providerId, status.status, status.errors);
    if (result === 'updated') outcome.statusesApplied += 1;
    else outcome.ignored += 1;
  }
  return outcome;
}

function withoutNul(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replaceAll('\u0000', '\ufffd') : value;
}
