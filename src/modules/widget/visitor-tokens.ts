import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a visitor token is good for; the widget renews it at every page load (POST /sessions). */
export const VISITOR_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface VisitorClaims {
  /** The channel's website token: rotating it ends every visitor session of the channel. */
  websiteToken: string;
  /** The visitor id (the contact's WEBCHAT address). */
  visitorId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Signs and checks visitor tokens: `<payload>.<HMAC-SHA256(payload)>`, both base64url, the
 * payload naming the visitor, the channel and the expiry. The key is derived from SECRETS_KEY;
 * without one it is random per process (tokens then end at a restart and are not shared by
 * several processes: set SECRETS_KEY in production, see docs/widget.md).
 */
export class VisitorTokens {
  private readonly key: Buffer;

  constructor(
    secretsKey: string | undefined,
    private readonly now: () => number = Date.now,
  ) {
    const material = secretsKey ?? randomBytes(32).toString('hex');
    this.key = Buffer.from(hkdfSync('sha256', material, 'switchboard', 'widget-visitor-tokens', 32));
  }

  sign(claims: Omit<VisitorClaims, 'expiresAt'>): { token: string; expiresAt: Date } {
    const expiresAt = Math.floor(this.now() / 1000) + VISITOR_TOKEN_TTL_SECONDS;
    const payload = Buffer.from(JSON.stringify({ t: claims.websiteToken, v: claims.visitorId, e: expiresAt })).toString('base64url');
    return { token: `${payload}.${this.mac(payload)}`, expiresAt: new Date(expiresAt * 1000) };
  }

  /** The claims of a token this server signed and that has not expired, else why not. */
  verify(token: string): VisitorClaims | 'invalid' | 'expired' {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return 'invalid';
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return 'invalid';
    }
    const { t, v, e } = (parsed ?? {}) as Record<string, unknown>;
    if (typeof t !== 'string' || typeof v !== 'string' || typeof e !== 'number') return 'invalid';
    if (e * 1000 <= this.now()) return 'expired';
    return { websiteToken: t, visitorId: v, expiresAt: e };
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

/** identifierHash as the site computes it: hex HMAC-SHA256 of the identifier under the channel's identity secret. */
export function identifierHashMatches(identifier: string, identifierHash: string, secret: string): boolean {
  const expected = Buffer.from(createHmac('sha256', secret).update(identifier).digest('hex'));
  const given = Buffer.from(identifierHash.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A new anonymous visitor id (their contact's WEBCHAT address; 002's visitor_id). */
export function newVisitorId(): string {
  return `v_${randomBytes(16).toString('base64url')}`;
}
