import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_VALUE_LENGTH = 500;

export interface ExtractedFields {
  email: string | null;
  name: string | null;
  company: string | null;
  phone: string | null;
  /** Every key as given, strings trimmed; unusable values left out. */
  data: Record<string, unknown>;
  /** Fields given but unusable (a malformed email, an impossible phone), with why. */
  rejected: Array<{ field: string; error: string }>;
}

/**
 * Checks what a provider proposed to capture: email and phone are normalized (lower case,
 * E.164) or rejected, the rest trimmed. Nothing is half-written: the caller stores the
 * usable fields and records the rejected ones.
 */
export function extractCaptureFields(input: Record<string, unknown>, defaultCountry: string): ExtractedFields {
  const result: ExtractedFields = { email: null, name: null, company: null, phone: null, data: {}, rejected: [] };
  for (const [key, raw] of Object.entries(input)) {
    if (raw === null || raw === undefined) continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      result.rejected.push({ field: key, error: 'must be text' });
      continue;
    }
    const value = String(raw).trim();
    if (value === '') continue;
    if (value.length > MAX_VALUE_LENGTH) {
      result.rejected.push({ field: key, error: `longer than ${MAX_VALUE_LENGTH} characters` });
      continue;
    }
    if (key === 'email') {
      const email = value.toLowerCase();
      if (!EMAIL_PATTERN.test(email)) {
        result.rejected.push({ field: key, error: `"${value}" is not an email address` });
        continue;
      }
      result.email = email;
    } else if (key === 'phone') {
      const phone = parsePhoneNumberFromString(value, (defaultCountry || undefined) as CountryCode | undefined);
      if (!phone?.isPossible()) {
        result.rejected.push({ field: key, error: `"${value}" is not a phone number` });
        continue;
      }
      result.phone = phone.number;
    } else if (key === 'name') {
      result.name = value;
    } else if (key === 'company') {
      result.company = value;
    }
    result.data[key] = value;
  }
  return result;
}

/** A full name split for the CRM's first and last name. */
export function splitName(name: string): { firstName: string; lastName: string | null } {
  const parts = name.split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0]!, lastName: null };
  return { firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1]! };
}
