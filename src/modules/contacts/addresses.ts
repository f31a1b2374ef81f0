import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { invalid } from '../../shared/errors.js';
import { phoneChannelTypes, type ChannelType, type ContactAddress, type NewAddress } from './contacts.schemas.js';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Brings an address to the one form it is stored and matched in: phones to E.164, emails to
 * lower case, other handles trimmed. Unusable input is a VALIDATION_FAILED naming `field`.
 */
export function normalizeAddress(field: string, address: NewAddress, defaultCountry?: string): NewAddress {
  const raw = address.address.trim();
  if (raw === '') throw invalid(field, 'must not be empty');
  if (raw.length > 320) throw invalid(field, 'must be at most 320 characters');
  if (phoneChannelTypes.has(address.channelType)) {
    return { channelType: address.channelType, address: normalizePhone(field, raw, defaultCountry) };
  }
  if (address.channelType === 'EMAIL') {
    const email = raw.toLowerCase();
    if (!EMAIL_PATTERN.test(email)) throw invalid(field, `"${raw}" is not an email address`);
    return { channelType: 'EMAIL', address: email };
  }
  return { channelType: address.channelType, address: raw };
}

export function normalizePhone(field: string, raw: string, defaultCountry?: string): string {
  const phone = parsePhoneNumberFromString(raw, defaultCountry as CountryCode | undefined);
  if (!phone || !phone.isPossible()) {
    const hint = raw.startsWith('+') || defaultCountry ? '' : ' (write it with its country code, e.g. +56912345678)';
    throw invalid(field, `"${raw}" is not a valid phone number${hint}`);
  }
  return phone.number;
}

/** A filter value in stored form when it reads as a phone number or an email; else unchanged. */
export function normalizeAddressLike(value: string, defaultCountry?: string): string {
  const trimmed = value.trim();
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  const phone = /^[+\d][\d\s().-]{5,}$/.test(trimmed)
    ? parsePhoneNumberFromString(trimmed, defaultCountry as CountryCode | undefined)
    : undefined;
  return phone?.isPossible() ? phone.number : trimmed;
}

/**
 * The address list a write leaves on a contact: `addresses` replaces the list when given;
 * the legacy `email`/`phone` then set (or, when null, remove) the first of their kind.
 * Duplicates are dropped, first occurrence wins.
 */
export function resolveAddresses(
  current: NewAddress[],
  input: { addresses?: NewAddress[]; email?: string | null; phone?: string | null },
  defaultCountry?: string,
): NewAddress[] {
  let result = input.addresses
    ? input.addresses.map((address, index) => normalizeAddress(`addresses[${index}].address`, address, defaultCountry))
    : [...current];
  result = applyLegacy(result, 'EMAIL', 'email', input.email, defaultCountry);
  result = applyLegacy(result, 'PHONE', 'phone', input.phone, defaultCountry);
  const seen = new Set<string>();
  return result.filter((address) => {
    const key = `${address.channelType}\u0000${address.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function applyLegacy(
  addresses: NewAddress[],
  channelType: ChannelType,
  field: string,
  value: string | null | undefined,
  defaultCountry?: string,
): NewAddress[] {
  if (value === undefined) return addresses;
  const index = addresses.findIndex((address) => address.channelType === channelType);
  if (value === null) return index < 0 ? addresses : addresses.filter((_, position) => position !== index);
  const normalized = normalizeAddress(field, { channelType, address: value }, defaultCountry);
  if (addresses.some((address) => address.channelType === channelType && address.address === normalized.address)) return addresses;
  if (index < 0) return [...addresses, normalized];
  return addresses.map((address, position) => (position === index ? normalized : address));
}

export function asNewAddresses(addresses: ContactAddress[]): NewAddress[] {
  return addresses.map(({ channelType, address }) => ({ channelType, address }));
}
