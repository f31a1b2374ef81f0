import { createHmac, randomBytes } from 'node:crypto';

export const SIGNATURE_HEADER = 'Switchboard-Signature';
const SECRET_PREFIX = 'whsec_';

export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
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
