/** Channels a contact can be reached on. Phone-like ones hold E.164 numbers. */
export const channelTypes = [
  'PHONE',
  'WHATSAPP',
  'SMS',
  'EMAIL',
  'INSTAGRAM',
  'MESSENGER',
  'TIKTOK',
  'TELEGRAM',
  'WEBCHAT',
  'SLACK',
  'OTHER',
] as const;
export type ChannelType = (typeof channelTypes)[number];

export const phoneChannelTypes: ReadonlySet<ChannelType> = new Set(['PHONE', 'WHATSAPP', 'SMS']);

export interface ContactAddress {
  id: number;
  contactId: number;
  channelType: ChannelType;
  address: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface Contact {
  id: number;
  uuid: string;
  tenantId: string;
  providerId: string | null;
  providerName: string | null;
  nationalId: string | null;
  firstName: string | null;
  lastName: string | null;
  userId: number | null;
  contactCompanyId: number | null;
  companyPosition: string | null;
  metadata: unknown;
  customFields: Record<string, unknown>;
  /** Incremented on every change. */
  version: number;
  archivedAt: Date | null;
  /** Set while the contact is blocked. */
  blockedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  addresses: ContactAddress[];
}

export interface NewAddress {
  channelType: ChannelType;
  address: string;
}

/** A write to a contact: absent fields stay as they are, null clears. */
export interface ContactInput {
  providerId?: string | null;
  providerName?: string | null;
  nationalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  userId?: number | null;
  contactCompanyId?: number | null;
  companyPosition?: string | null;
  metadata?: unknown;
  customFields?: Record<string, unknown>;
  /** Replaces the contact's addresses when present. */
  addresses?: NewAddress[];
  /** Legacy: sets the contact's first EMAIL address; null removes it. */
  email?: string | null;
  /** Legacy: sets the contact's first PHONE address; null removes it. */
  phone?: string | null;
  /** Only on create, for imports that keep the original creation time. */
  createdAt?: Date;
}

/** The legacy `email` / `phone` fields mirror the first address of their kind. */
export function primaryEmail(addresses: ContactAddress[]): string | null {
  return addresses.find((address) => address.channelType === 'EMAIL')?.address ?? null;
}

export function primaryPhone(addresses: ContactAddress[]): string | null {
  return (
    (
      addresses.find((address) => address.channelType === 'PHONE') ??
      addresses.find((address) => phoneChannelTypes.has(address.channelType))
    )?.address ?? null
  );
}
