import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.js';

const PREFIX = 'enc:v1:';

/**
 * Seals channel credentials with AES-256-GCM under a key derived from SECRETS_KEY. Without a
 * key, values are stored as given (see docs/messaging.md); sealed values stay readable only
 * with the key that sealed them.
 */
export class SecretBox {
  private readonly key: Buffer | undefined;

  constructor(secretsKey: string | undefined) {
    this.key = secretsKey ? createHash('sha256').update(secretsKey).digest() : undefined;
  }

  seal(value: string): string {
    if (!this.key) return value;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64url');
  }

  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    if (!this.key)
      throw new AppError('UNAVAILABLE', 'Channel secrets are encrypted: start the server with the SECRETS_KEY that sealed them');
    const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new AppError('UNAVAILABLE', 'A channel secret cannot be decrypted with the configured SECRETS_KEY');
    }
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
