import { invalid } from '../../shared/errors.js';
import { normalizePhone } from '../contacts/addresses.js';
import { secretSettingKeys, type ChannelType } from './channels.schemas.js';
import { hashToken, type SecretBox } from './secrets.js';

const MAX_SETTINGS_BYTES = 16 * 1024;
const GRAPH_ID = /^\d{1,32}$/;
/** Secrets every WhatsApp channel needs: sending (accessToken) and the webhook (appSecret, verifyToken). */
const WHATSAPP_SECRETS = ['accessToken', 'appSecret', 'verifyToken'] as const;

export interface ResolvedSettings {
  settings: Record<string, unknown>;
  /** Sealed values, keyed by setting name. */
  secrets: Record<string, string>;
  whatsappPhoneNumberId: string | null;
  whatsappPhoneNumber: string | null;
  verifyTokenHash: string | null;
}

/**
 * Merges a settings patch into a channel's current settings (null removes a key), seals the
 * secrets and checks what the channel type requires. Problems name `settings.<key>`.
 */
export function resolveSettings(
  type: ChannelType,
  current: { settings: Record<string, unknown>; secrets: Record<string, string>; verifyTokenHash: string | null },
  patch: Record<string, unknown>,
  box: SecretBox,
  defaultPhoneCountry?: string,
): ResolvedSettings {
  const settings = { ...current.settings };
  const secrets = { ...current.secrets };
  let verifyTokenHash = current.verifyTokenHash;
  for (const [key, value] of Object.entries(patch)) {
    const field = `settings.${key}`;
    if (value === null) {
      delete settings[key];
      delete secrets[key];
      if (key === 'verifyToken') verifyTokenHash = null;
    } else if (secretSettingKeys.has(key)) {
      if (typeof value !== 'string' || value.trim() === '' || value.length > 4096)
        throw invalid(field, 'must be a non-empty string of at most 4096 characters');
      secrets[key] = box.seal(value);
      if (key === 'verifyToken') verifyTokenHash = hashToken(value);
    } else {
      settings[key] = value;
    }
  }
  if (JSON.stringify(settings).length > MAX_SETTINGS_BYTES)
    throw invalid('settings', `must be at most ${MAX_SETTINGS_BYTES} bytes of JSON`);
  if (type !== 'whatsapp') return { settings, secrets, whatsappPhoneNumberId: null, whatsappPhoneNumber: null, verifyTokenHash };
  return { ...whatsappSettings(settings, secrets, defaultPhoneCountry), secrets, verifyTokenHash };
}

function whatsappSettings(settings: Record<string, unknown>, secrets: Record<string, string>, defaultPhoneCountry?: string) {
  const phoneNumberId = requiredString(settings, 'phoneNumberId');
  if (!GRAPH_ID.test(phoneNumberId)) throw invalid('settings.phoneNumberId', 'must be the numeric WhatsApp phone number id');
  const phoneNumber = normalizePhone('settings.phoneNumber', requiredString(settings, 'phoneNumber'), defaultPhoneCountry);
  const businessAccountId = settings.businessAccountId;
  if (businessAccountId !== undefined && (typeof businessAccountId !== 'string' || !GRAPH_ID.test(businessAccountId))) {
    throw invalid('settings.businessAccountId', 'must be the numeric WhatsApp Business Account id');
  }
  for (const key of WHATSAPP_SECRETS) {
    if (!(key in secrets)) throw invalid(`settings.${key}`, 'is required for a whatsapp channel');
  }
  return { settings: { ...settings, phoneNumber }, whatsappPhoneNumberId: phoneNumberId, whatsappPhoneNumber: phoneNumber };
}

function requiredString(settings: Record<string, unknown>, key: string): string {
  const value = settings[key];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`settings.${key}`, 'is required for a whatsapp channel');
  return value.trim();
}
