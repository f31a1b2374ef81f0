import type { FastifyBaseLogger } from 'fastify';
import type { InboundMessagesService, WebhookChannel } from '../../modules/messages/inbound.service.js';
import { AppError } from '../../shared/errors.js';
import { isValidSignature } from './signature.js';
import { readMessagesChanges, webhookEnvelopeSchema } from './webhook-payload.js';

/**
 * How long a channel read for one delivery serves the next ones (one query less per delivery).
 * Within it, a deleted channel or an app secret replaced by another is still honoured; a
 * delivery signed with a new secret is checked against the stored channel at once.
 */
export const CHANNEL_CACHE_MS = 5_000;
const CHANNEL_CACHE_ENTRIES = 1_000;

export interface WebhookOutcome {
  stored: number;
  duplicates: number;
  statusesApplied: number;
  /** Items that were unreadable, unknown or stale, logged and left alone. */
  ignored: number;
}

/**
 * The one webhook URL of all WhatsApp channels. Every phone number id a delivery names must
 * belong to a channel, and the delivery must be signed with each one's app secret, before
 * anything is stored.
 */
export class WhatsAppWebhook {
  /** Channels by phone number id, as last read: every delivery names one, and it rarely changes. */
  private readonly channels = new Map<string, { channel: WebhookChannel; readAt: number }>();

  constructor(
    private readonly inbound: InboundMessagesService,
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

  async receive(rawBody: Buffer, signature: string | undefined, log: FastifyBaseLogger): Promise<WebhookOutcome> {
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
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
      return { stored: 0, duplicates: 0, statusesApplied: 0, ignored: 1 };
    }
    const { changes, ignored } = readMessagesChanges(envelope.data);
    const channels = await this.authenticate(
      changes.map((change) => change.phoneNumberId),
      rawBody,
      signature,
    );
    const outcome: WebhookOutcome = { stored: 0, duplicates: 0, statusesApplied: 0, ignored };
    for (const change of changes) {
      const channel = channels.get(change.phoneNumberId)!;
      if (change.skipped > 0)
        log.warn({ phoneNumberId: change.phoneNumberId, skipped: change.skipped }, 'whatsapp webhook: unreadable items skipped');
      outcome.ignored += change.skipped;
      for (const message of change.messages) {
        if ((await this.inbound.receiveMessage(channel, message)) === 'stored') outcome.stored += 1;
        else outcome.duplicates += 1;
      }
      for (const status of change.statuses) {
        const result = await this.inbound.applyStatus(channel, status.providerId, status.status, status.errors);
        if (result === 'updated') outcome.statusesApplied += 1;
        else outcome.ignored += 1;
      }
    }
    return outcome;
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
      if (!channel || !isValidSignature(rawBody, signature, channel.appSecret)) {
        channel = await this.inbound.findWebhookChannel(phoneNumberId);
        if (!channel) {
          this.channels.delete(phoneNumberId);
          throw new AppError('NOT_FOUND', `No WhatsApp channel is connected to phone number id ${phoneNumberId}`);
        }
        this.remember(phoneNumberId, channel);
        if (!isValidSignature(rawBody, signature, channel.appSecret)) {
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
