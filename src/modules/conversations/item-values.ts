import type { Executor } from '../../db/client.js';
import { normalizeContactAddresses, type ContactDetails } from '../contacts/contact-matching.js';
import { loadCustomFieldChecker, type CustomFieldPatch } from '../custom-fields/custom-field-batch.js';
import type { BulkItem } from './bulk-items.js';
import type { ConversationContactInput } from './conversation-items.js';

export interface ItemValues {
  /** The conversation's custom field values in stored form; null removes a value. */
  customFields: CustomFieldPatch;
  /** The item's `contact`, checked and normalized, when it has one. */
  contact?: ContactDetails;
}

/**
 * Checks the values of each item that parsed: its FUNNEL_CONVERSATION custom fields, and its
 * contact's phones, emails and CONTACT custom fields. Failures are recorded on the item; the
 * items that pass get their values in stored form. The definitions are read once for the batch.
 */
export async function checkItemValues<Item extends { customFields?: Record<string, unknown>; contact?: ConversationContactInput }>(
  db: Executor,
  workspaceId: number,
  items: BulkItem<Item>[],
  options: { defaultPhoneCountry?: string },
): Promise<Map<BulkItem<Item>, ItemValues>> {
  const inputs = items.map((item) => item.parsed!);
  const checkConversationFields = await loadCustomFieldChecker(
    db,
    workspaceId,
    'FUNNEL_CONVERSATION',
    inputs.map((input) => input.customFields),
  );
  const checkContactFields = await loadCustomFieldChecker(
    db,
    workspaceId,
    'CONTACT',
    inputs.map((input) => input.contact?.customFields),
  );
  const values = new Map<BulkItem<Item>, ItemValues>();
  for (const item of items) {
    const { customFields: conversationFields, contact: input } = item.parsed!;
    const customFields = item.attempt(() => checkConversationFields(conversationFields, 'customFields'));
    let contact: ContactDetails | undefined;
    if (input) {
      const addresses = item.attempt(() => normalizeContactAddresses(input, 'contact', options.defaultPhoneCountry));
      const contactFields = item.attempt(() => checkContactFields(input.customFields, 'contact.customFields'));
      if (addresses && contactFields) contact = contactDetails(input, addresses, contactFields);
    }
    if (customFields) values.set(item, { customFields, contact });
  }
  return values;
}

/** An item's `contact` as contact-matching takes it: null and absent fields both leave the contact's value as it is. */
function contactDetails(
  input: ConversationContactInput,
  addresses: { phones: string[]; emails: string[] },
  customFields: CustomFieldPatch,
): ContactDetails {
  return {
    firstName: input.firstName ?? undefined,
    lastName: input.lastName ?? undefined,
    nationalId: input.nationalId ?? undefined,
    companyPosition: input.companyPosition ?? undefined,
    userId: input.userId ?? undefined,
    customFields,
    ...addresses,
  };
}
