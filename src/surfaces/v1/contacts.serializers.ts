import type { z } from 'zod';
import { primaryEmail, primaryPhone, type Contact } from '../../modules/contacts/contacts.schemas.js';
import type { contactSchema, searchedContactSchema } from './contacts.schemas.js';

export function serializeContact(contact: Contact): z.infer<typeof contactSchema> {
  return {
    id: contact.id,
    uuid: contact.uuid,
    tenantId: contact.tenantId,
    providerId: contact.providerId,
    providerName: contact.providerName,
    nationalId: contact.nationalId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: primaryEmail(contact.addresses),
    phone: primaryPhone(contact.addresses),
    userId: contact.userId,
    contactCompanyId: contact.contactCompanyId,
    companyPosition: contact.companyPosition,
    metadata: contact.metadata,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
    archivedAt: contact.archivedAt?.toISOString() ?? null,
    blocked: contact.blockedAt !== null,
    customFields: contact.customFields,
    addresses: contact.addresses.map((address) => ({
      id: address.id,
      tenantId: contact.tenantId,
      contactId: address.contactId,
      channelType: address.channelType,
      address: address.address,
      createdAt: address.createdAt.toISOString(),
      updatedAt: address.updatedAt.toISOString(),
    })),
  };
}

/** The search document form of 003's SearchContacts: string ids and a model type. */
export function serializeSearchedContact(contact: Contact): z.infer<typeof searchedContactSchema> {
  const base = serializeContact(contact);
  return {
    ...base,
    id: String(contact.id),
    modelType: 'Contact',
    eventSequence: contact.version,
    eventTimestamp: base.updatedAt,
    userId: contact.userId === null ? null : String(contact.userId),
    contactCompanyId: contact.contactCompanyId === null ? null : String(contact.contactCompanyId),
  };
}
