import type { z } from 'zod';
import type { Config } from '../../../config.js';
import type { AppError } from '../../../shared/errors.js';
import type { ChannelType as AddressType } from '../../contacts/contacts.schemas.js';
import type { InboundMessage, InboundMessagesService, WebhookChannel } from '../../messages/inbound.service.js';
import type { MessageError, MessageStatus } from '../../messages/messages.schemas.js';
import type { OutboundContent } from '../../messages/outbound.js';
import type { ChannelRow } from '../channels.repository.js';
import type { ChannelType } from '../channels.schemas.js';

/** A channel as its adapter sees it when it talks to the provider: its row and its secrets. */
export interface ConnectedChannel {
  row: ChannelRow;
  /** A secret setting, opened; UNPROCESSABLE when the channel does not have it. */
  secret(name: string): string;
}

/** What adapters may read of the configuration (provider URLs and timeouts). */
export type ProviderConfig = Pick<Config, 'WHATSAPP_API_BASE_URL' | 'WHATSAPP_TIMEOUT_MS'>;

/** The rule for free-form messages to a contact, counted from their last inbound message. */
export interface ReplyWindow {
  ms: number;
  /** The refusal of a send outside the window; `lastInboundAt` is null when the contact never wrote. */
  refusal(lastInboundAt: Date | null): AppError;
}

/** A file the provider must hold before a message can carry it. */
export interface ProviderFile {
  data: Buffer;
  contentType: string;
  fileName: string;
}

/** What processing a stored inbound webhook delivery did. */
export interface WebhookOutcome {
  stored: number;
  duplicates: number;
  statusesApplied: number;
  /** Items that were unreadable, unknown or stale, logged and left alone. */
  ignored: number;
}

export interface InboundContext {
  inbound: InboundMessagesService;
  /** The live channel of this adapter's type with this routing key (cached for one batch). */
  findChannel: (routingKey: string) => Promise<WebhookChannel | undefined>;
  log: { warn(details: object, message: string): void };
}

/** What a stored delivery reports, read out of its payload: contacts' messages and delivery states of ours. */
export interface InboundItems {
  messages: { channel: WebhookChannel; message: InboundMessage }[];
  statuses: { channel: WebhookChannel; providerId: string; status: MessageStatus; errors: MessageError[] }[];
  /** Items that were unreadable or name no channel, left alone. */
  ignored: number;
}

/** The row a delivery was stored as: its channel and, when it carries messages, their one sender. */
export interface InboundTarget {
  workspaceId: number;
  channelId: number;
  /** The one sender whose messages the row carries (inbound_webhooks.sender_key); null: none, or a row from before sender keys. */
  senderKey?: string | null;
}

/** Turns one stored provider webhook delivery (inbound_webhooks) into messages and statuses. */
export interface InboundHandler {
  /** The `provider` of the inbound_webhooks rows this handler processes. */
  provider: string;
  /**
   * Reads a delivery without storing anything, so that the processor stores a whole batch of
   * deliveries at once (messages/inbound-batch.ts); `process` remains the one-by-one path.
   */
  read?(payload: unknown, target: InboundTarget, context: InboundContext): Promise<InboundItems>;
  process(payload: unknown, target: InboundTarget, context: InboundContext): Promise<WebhookOutcome>;
}

/**
 * Everything Switchboard knows about one channel type. The rest of the code asks the adapter
 * (through registry.ts) and never names a channel type: a new channel is a new adapter file.
 */
export interface ChannelAdapter {
  type: ChannelType;
  /** How people name it in messages: "WhatsApp". */
  label: string;
  /** The contact address that identifies a contact on this channel (004's `ownerIdentifier`), if any. */
  addressType: AddressType | null;
  /** Address types a contact is matched on and sent to, first found wins (WhatsApp: WHATSAPP, then PHONE). */
  matchAddressTypes: readonly AddressType[];
  /**
   * Checks the channel's settings (secrets excluded) and returns them as stored; an issue
   * becomes a 400 naming `settings.<key>`.
   */
  settingsSchema(options: { defaultPhoneCountry?: string }): z.ZodType<Record<string, unknown>>;
  /** Secret settings the channel cannot work without. */
  requiredSecrets: readonly string[];
  /** The setting whose value the provider names in inbound traffic (stored as `routing_key`, unique per type). */
  routingKeySetting?: string;
  /** The setting holding the channel's own address (stored as `address`, unique per workspace and type). */
  addressSetting?: string;
  /** Free-form sends are refused outside it; null: any time. */
  replyWindow: ReplyWindow | null;
  /**
   * Hands an outbound message to the provider; without it, messages are stored as sent (the
   * integration reads them over the API).
   */
  send?(channel: ConnectedChannel, to: string, content: OutboundContent, config: ProviderConfig): Promise<{ providerId: string }>;
  /** Uploads a file for `send` to reference (`content.kind === 'media'`). */
  uploadMedia?(channel: ConnectedChannel, file: ProviderFile, config: ProviderConfig): Promise<{ mediaId: string }>;
  /** Processes the provider's stored webhook deliveries, when it has any. */
  inbound?: InboundHandler;
}
