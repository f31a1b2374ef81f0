import { invalid } from '../../shared/errors.js';
import { channelAdapter } from './adapters/registry.js';
import { secretSettingKeys, type ChannelType } from './channels.schemas.js';
import { hashToken, type SecretBox } from './secrets.js';

const MAX_SETTINGS_BYTES = 16 * 1024;

export interface ResolvedSettings {
  settings: Record<string, unknown>;
  /** Sealed values, keyed by setting name. */
  secrets: Record<string, string>;
  /** What inbound traffic names the channel by (the adapter's routing key setting). */
  routingKey: string | null;
  /** The channel's own address (the adapter's address setting). */
  address: string | null;
  verifyTokenHash: string | null;
}

/**
 * Merges a settings patch into a channel's current settings (null removes a key), seals the
 * secrets and checks them with the channel type's adapter. Problems name `settings.<key>`.
 */
export function resolveSettings(
  type: ChannelType,
  current: { settings: Record<string, unknown>; secrets: Record<string, string>; verifyTokenHash: string | null },
  patch: Record<string, unknown>,
  box: SecretBox,
  defaultPhoneCountry?: string,
): ResolvedSettings {
  const merged = { ...current.settings };
  const secrets = { ...current.secrets };
  let verifyTokenHash = current.verifyTokenHash;
  for (const [key, value] of Object.entries(patch)) {
    const field = `settings.${key}`;
    if (value === null) {
      delete merged[key];
      delete secrets[key];
      if (key === 'verifyToken') verifyTokenHash = null;
    } else if (secretSettingKeys.has(key)) {
      if (typeof value !== 'string' || value.trim() === '' || value.length > 4096)
        throw invalid(field, 'must be a non-empty string of at most 4096 characters');
      secrets[key] = box.seal(value);
      if (key === 'verifyToken') verifyTokenHash = hashToken(value);
    } else {
      merged[key] = value;
    }
  }
  if (JSON.stringify(merged).length > MAX_SETTINGS_BYTES) throw invalid('settings', `must be at most ${MAX_SETTINGS_BYTES} bytes of JSON`);
  const adapter = channelAdapter(type);
  const parsed = adapter.settingsSchema({ defaultPhoneCountry }).safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(['settings', ...issue.path.map(String)].join('.'), issue.message);
  }
  for (const key of adapter.requiredSecrets) {
    if (!(key in secrets)) throw invalid(`settings.${key}`, `is required for a ${type} channel`);
  }
  const settings = parsed.data;
  return {
    settings,
    secrets,
    routingKey: keyOf(settings, adapter.routingKeySetting),
    address: keyOf(settings, adapter.addressSetting),
    verifyTokenHash,
  };
}

function keyOf(settings: Record<string, unknown>, setting: string | undefined): string | null {
  const value = setting === undefined ? undefined : settings[setting];
  return typeof value === 'string' ? value : null;
}
