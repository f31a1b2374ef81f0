import { z } from 'zod';
import { normalizePhone } from '../../modules/contacts/addresses.js';
import type { InboundMessage } from '../../modules/messages/inbound.service.js';
import {
  mediaMessageTypes,
  messageTypes,
  type MediaMessageType,
  type MessageError,
  type MessageStatus,
  type MessageType,
} from '../../modules/messages/messages.schemas.js';

/**
 * The parts of a WhatsApp Cloud API webhook Switchboard reads
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components). Objects stay
 * loose: Meta adds fields, and an unknown field must not reject a delivery.
 */
const mediaSchema = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const inboundSchema = z.looseObject({
  from: z.string(),
  id: z.string().min(1),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: z.string() }).optional(),
      list_reply: z.looseObject({ title: z.string() }).optional(),
    })
    .optional(),
  reaction: z.looseObject({ emoji: z.string().optional(), message_id: z.string().optional() }).optional(),
  system: z.looseObject({ body: z.string().optional() }).optional(),
  contacts: z.array(z.looseObject({ name: z.looseObject({ formatted_name: z.string().optional() }).optional() })).optional(),
  context: z.looseObject({}).optional(),
});

const statusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().optional(),
  errors: z
    .array(
      z.looseObject({
        code: z.number().optional(),
        title: z.string().optional(),
        message: z.string().optional(),
        href: z.string().optional(),
        error_data: z.looseObject({ details: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});

const valueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z
    .array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() }))
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

export const webhookEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(z.looseObject({ changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]) })).max(1000),
});

export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

/** One `messages` change for one phone number id, with items that failed to read left out (and counted). */
export interface MessagesChange {
  phoneNumberId: string;
  messages: InboundMessage[];
  statuses: { providerId: string; status: MessageStatus; errors: MessageError[] }[];
  skipped: number;
}

const trackedStatuses = new Set<string>(['sent', 'delivered', 'read', 'failed']);

/** The `messages` changes of a webhook; other fields (account updates, template reviews) are ignored. */
export function readMessagesChanges(envelope: WebhookEnvelope): { changes: MessagesChange[]; ignored: number } {
  const changes: MessagesChange[] = [];
  let ignored = 0;
  for (const change of envelope.entry.flatMap((entry) => entry.changes)) {
    const value = change.field === 'messages' ? valueSchema.safeParse(change.value) : undefined;
    if (!value?.success) {
      ignored += 1;
      continue;
    }
    const names = new Map((value.data.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name ?? null]));
    const result: MessagesChange = { phoneNumberId: value.data.metadata.phone_number_id, messages: [], statuses: [], skipped: 0 };
    for (const raw of value.data.messages ?? []) {
      const message = inboundSchema.safeParse(raw);
      const inbound = message.success ? toInbound(message.data, names) : undefined;
      if (inbound) result.messages.push(inbound);
      else result.skipped += 1;
    }
    for (const raw of value.data.statuses ?? []) {
      const status = statusSchema.safeParse(raw);
      if (!status.success) result.skipped += 1;
      else if (trackedStatuses.has(status.data.status)) {
        result.statuses.push({
          providerId: status.data.id,
          status: status.data.status as MessageStatus,
          errors: (status.data.errors ?? []).map((error) => ({
            code: error.code ?? 0,
            title: error.title ?? 'Delivery failed',
            message: error.error_data?.details ?? error.message ?? error.title ?? 'WhatsApp could not deliver the message',
            href: error.href ?? null,
            provider: 'whatsapp',
          })),
        });
      }
    }
    changes.push(result);
  }
  return { changes, ignored };
}

type RawInbound = z.infer<typeof inboundSchema>;

function toInbound(message: RawInbound, names: Map<string | undefined, string | null>): InboundMessage | undefined {
  let from: string;
  try {
    from = normalizePhone('from', `+${message.from.replace(/^\+/, '')}`);
  } catch {
    return undefined;
  }
  const type: MessageType = (messageTypes as readonly string[]).includes(message.type) ? (message.type as MessageType) : 'unknown';
  const metadata: Record<string, unknown> = { whatsappType: message.type };
  if (message.timestamp && /^\d+$/.test(message.timestamp)) metadata.sentAt = new Date(Number(message.timestamp) * 1000).toISOString();
  if (message.context) metadata.context = message.context;
  const media = (mediaMessageTypes as readonly string[]).includes(type) ? message[type as MediaMessageType] : undefined;
  for (const key of ['location', 'contacts', 'interactive', 'button', 'reaction'] as const) if (message[key]) metadata[key] = message[key];
  return {
    providerId: message.id,
    from,
    fromProviderId: message.from,
    profileName: names.get(message.from) ?? null,
    type,
    content: contentOf(message, media?.caption),
    attachments: media
      ? [
          {
            type: type as MediaMessageType,
            fileId: null,
            providerMediaId: media.id,
            fileName: media.filename ?? null,
            contentType: media.mime_type ?? null,
            size: null,
          },
        ]
      : [],
    metadata,
  };
}

/** The text a message shows in a chat list: its body, caption, choice or a short description. */
function contentOf(message: RawInbound, caption: string | undefined): string {
  if (message.text) return message.text.body;
  if (caption !== undefined) return caption;
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    return [name, address, `(${latitude}, ${longitude})`].filter(Boolean).join(' ');
  }
  if (message.interactive) return message.interactive.button_reply?.title ?? message.interactive.list_reply?.title ?? '';
  if (message.button) return message.button.text ?? message.button.payload ?? '';
  if (message.reaction) return message.reaction.emoji ?? '';
  if (message.system) return message.system.body ?? '';
  if (message.contacts)
    return message.contacts
      .map((contact) => contact.name?.formatted_name)
      .filter(Boolean)
      .join(', ');
  return '';
}
