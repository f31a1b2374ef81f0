import { z } from 'zod';
import { WhatsAppClient, type WhatsAppCredentials } from '../../../integrations/whatsapp/client.js';
import { processWhatsAppDelivery, readWhatsAppDelivery } from '../../../integrations/whatsapp/webhook.js';
import { AppError } from '../../../shared/errors.js';
import { normalizePhone } from '../../contacts/addresses.js';
import type { ChannelAdapter, ConnectedChannel, ProviderConfig } from './adapter.js';

const GRAPH_ID = /^\d{1,32}$/;
const REQUIRED = 'is required for a whatsapp channel';
/** WhatsApp accepts free-form messages only this long after the customer last wrote. */
export const CUSTOMER_WINDOW_MS = 24 * 60 * 60 * 1000;

const requiredString = () => z.string(REQUIRED).trim().min(1, REQUIRED);

/** The WhatsApp Cloud API: a phone number of a WhatsApp Business Account. */
export const whatsappAdapter: ChannelAdapter = {
  type: 'whatsapp',
  label: 'WhatsApp',
  addressType: 'WHATSAPP',
  matchAddressTypes: ['WHATSAPP', 'PHONE'],
  settingsSchema: ({ defaultPhoneCountry }) =>
    z.looseObject({
      phoneNumberId: requiredString().regex(GRAPH_ID, 'must be the numeric WhatsApp phone number id'),
      phoneNumber: requiredString().transform((value) => normalizePhone('settings.phoneNumber', value, defaultPhoneCountry)),
      businessAccountId: z
        .string('must be the numeric WhatsApp Business Account id')
        .regex(GRAPH_ID, 'must be the numeric WhatsApp Business Account id')
        .optional(),
    }),
  // Sending (accessToken) and the webhook (appSecret, verifyToken).
  requiredSecrets: ['accessToken', 'appSecret', 'verifyToken'],
  routingKeySetting: 'phoneNumberId',
  addressSetting: 'phoneNumber',
  replyWindow: {
    ms: CUSTOMER_WINDOW_MS,
    refusal(lastInboundAt) {
      const since = lastInboundAt ? `last wrote at ${lastInboundAt.toISOString()}` : 'has not written on this number';
      return new AppError(
        'UNPROCESSABLE',
        `The contact ${since}: WhatsApp accepts free-form messages only within 24 hours of the contact's last message. Send a template message instead (POST /api/v1/messages/template).`,
        { reason: 'OUTSIDE_CUSTOMER_WINDOW' },
      );
    },
  },
  send: (channel, to, content, config) => client(config).send(credentials(channel), to, content),
  uploadMedia: (channel, file, config) => client(config).uploadMedia(credentials(channel), file),
  inbound: {
    provider: 'whatsapp',
    process: (payload, target, { inbound, findChannel, log }) => processWhatsAppDelivery(inbound, payload, target, findChannel, log),
    read: (payload, target, { findChannel, log }) => readWhatsAppDelivery(payload, target, findChannel, log),
  },
};

function client(config: ProviderConfig): WhatsAppClient {
  return new WhatsAppClient({ baseUrl: config.WHATSAPP_API_BASE_URL, timeoutMs: config.WHATSAPP_TIMEOUT_MS });
}

function credentials(channel: ConnectedChannel): WhatsAppCredentials {
  const { routingKey, address, uuid } = channel.row;
  if (!routingKey || !address) throw new AppError('UNPROCESSABLE', `channel ${uuid} is not a configured WhatsApp channel`);
  return { phoneNumberId: routingKey, phoneNumber: address, accessToken: channel.secret('accessToken') };
}
