import type { ChannelType as AddressType } from '../../contacts/contacts.schemas.js';
import type { ChannelType } from '../channels.schemas.js';
import type { ChannelAdapter } from './adapter.js';
import { apiAdapter } from './api.js';

/**
 * A channel type Switchboard has no provider integration for yet: it behaves as the API
 * channel (messages stored, nothing sent) and only says which contact address identifies a
 * contact on it. Its own adapter file replaces it once the integration exists.
 */
export function storedOnlyAdapter(type: ChannelType, label: string, addressType: AddressType): ChannelAdapter {
  return { ...apiAdapter, type, label, addressType, matchAddressTypes: [addressType] };
}
