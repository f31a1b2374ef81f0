import { signatureOf } from '../../src/integrations/whatsapp/signature.js';
import type { TestApp } from '../helpers/test-app.js';

/** Cloud API webhook bodies, shaped as Meta sends them. */
export function inboundPayload(phoneNumberId: string, message: Record<string, unknown>, profileName = 'Jane Doe'): object {
  const from = typeof message.from === 'string' ? message.from : '14155552671';
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
              contacts: [{ profile: { name: profileName }, wa_id: from }],
              messages: [{ from, timestamp: '1700000000', ...message }],
            },
          },
        ],
      },
    ],
  };
}

export function statusPayload(phoneNumberId: string, statuses: Record<string, unknown>[]): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
              statuses: statuses.map((status) => ({ timestamp: '1700000100', recipient_id: '14155552671', ...status })),
            },
          },
        ],
      },
    ],
  };
}

/** Posts a body to the webhook signed with `appSecret` (or with the signature given). */
export function postWebhook(app: TestApp, body: object | string, appSecret: string, signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return app.server.inject({
    method: 'POST',
    url: '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signatureOf(raw, appSecret) },
    payload: raw,
  });
}
