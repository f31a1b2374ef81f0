import type { Schema } from './api.js';
import { t } from './strings.js';

/** The widget's anonymous visitor ids (src/modules/widget/visitor-tokens.ts): `v_` and 22 random characters. */
const VISITOR_ID = /^v_[A-Za-z0-9_-]{4,}$/;

/**
 * What the inbox calls a chat's customer: their name, else their address (a phone, an email).
 * A website visitor who gave neither is "Visitor" and the last four characters of their id, so
 * two anonymous visitors can be told apart without showing a token-like string.
 */
export function customerName(chat: Pick<Schema<'ChatDetails'>, 'ownerName' | 'ownerIdentifier' | 'title'>): string {
  if (chat.ownerName) return chat.ownerName;
  const identifier = chat.ownerIdentifier;
  if (identifier && VISITOR_ID.test(identifier)) return `${t('visitor')} ${identifier.slice(-4).toUpperCase()}`;
  return identifier || chat.title || t('customer');
}
