import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'Switchboard-Signature';
const SECRET_PREFIX = 'whsec_';

/** `whsec_` and 32 random bytes in base64: a Standard Webhooks secret, and the key of Switchboard-Signature as text. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * The Standard Webhooks headers (https://www.standardwebhooks.com): `webhook-id` (the same on
 * every attempt of a delivery), `webhook-timestamp` (unix seconds) and `webhook-signature`,
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed by the secret's bytes (the
 * base64 after `whsec_`). Secrets issued before were base64url; Node reads both alphabets, and
 * a receiver's library takes such a secret once `-` and `_` are replaced by `+` and `/`.
 */
export function standardWebhookHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${signature}` };
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed by the secret as UTF-8 text.
 * The timestamp is signed with the body, so a captured delivery cannot be replayed later
 * (receivers reject old timestamps); the body is the exact bytes sent.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
