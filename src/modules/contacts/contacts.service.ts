import type { Database, Executor } from '../../db/client.js';
import type { FieldResolver } from '../../db/list-sql.js';
import { invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import Cursor from 'pg-cursor';
import type { Pool } from 'pg';
import { contactExportQuery, type ExportFormat } from './contact-export.repository.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { companyExists } from '../companies/companies.repository.js';
import { recordEvent } from '../events/events.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { asNewAddresses, normalizeAddressLike, resolveAddresses } from './addresses.js';
import * as repository from './contacts.repository.js';
import type { ChannelType, Contact, ContactInput, NewAddress } from './contacts.schemas.js';

const EXPORT_BATCH_SIZE = 5000;

type ExportQuery = Pick<ListQuery, 'filters' | 'search' | 'sort' | 'sortSource'>;

/** Runs `text` through a cursor on a client of its own, yielding its one column a batch at a time. */
async function* readLines(pool: Pool, text: string, params: unknown[]): AsyncGenerator<string[]> {
  const client = await pool.connect();
  // Drizzle maps select fields by position and does not alias them, so rows are read as arrays.
  const cursor = client.query(new Cursor<[string]>(text, params, { rowMode: 'array' }));
  try {
    for (;;) {
      const rows = await cursor.read(EXPORT_BATCH_SIZE);
      if (rows.length === 0) return;
      yield rows.map((row) => row[0]);
    }
  } finally {
    await cursor.close().catch(() => {});
    client.release();
  }
}

export interface ContactsOptions {
  /** Country for phone numbers written without a "+" prefix. */
  defaultPhoneCountry?: string;
}

export class ContactsService {
  constructor(
    private readonly db: Database,
    private readonly customFields: CustomFieldsService,
    private readonly options: ContactsOptions = {},
  ) {}

  async createContact(tenant: Tenant, input: ContactInput): Promise<Contact> {
    return this.db.transaction(async (tx) => {
      const { workspaceId } = tenant;
      await this.checkCompany(tx, workspaceId, input.contactCompanyId);
      const customFields = await this.customFields.mergeValues(tx, workspaceId, 'CONTACT', input.customFields ?? {});
      const addresses = resolveAddresses([], input, this.options.defaultPhoneCountry);
      return insertContactWithAddresses(
        tx,
        tenant,
        {
          ...scalarValues(input),
          customFields,
          ...(input.createdAt ? { createdAt: input.createdAt, updatedAt: input.createdAt } : {}),
        },
        addresses,
      );
    });
  }

  async getContactById(tenant: Tenant, id: number): Promise<Contact> {
    const found = await repository.findContactWithAddresses(this.db, tenant.workspaceId, id);
    if (!found) throw notFound('contact', id);
    return toContact(tenant, found.row, found.addresses);
  }

  /** Changes only the fields present in `input`; `addresses` replaces the list. */
  async updateContact(tenant: Tenant, id: number, input: ContactInput): Promise<Contact> {
    return this.db.transaction(async (tx) => {
      const { workspaceId } = tenant;
      const current = await repository.findContactRow(tx, workspaceId, id, true);
      if (!current) throw notFound('contact', id);
      await this.checkCompany(tx, workspaceId, input.contactCompanyId);
      const currentAddresses = await repository.findAddresses(tx, workspaceId, [id]);
      const addresses = resolveAddresses(asNewAddresses(toAddresses(currentAddresses)), input, this.options.defaultPhoneCountry);
      const customFields = input.customFields
        ? await this.customFields.mergeValues(tx, workspaceId, 'CONTACT', input.customFields, current.customFields)
        : undefined;
      const merged = { ...current, ...scalarValues(input) };
      await repository.replaceAddresses(tx, workspaceId, id, currentAddresses, addresses);
      const row = await repository.updateContactRow(tx, workspaceId, id, {
        ...scalarValues(input),
        ...(customFields ? { customFields } : {}),
        searchText: searchText(merged, addresses),
      });
      const contact = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'contact.updated', contact);
      return contact;
    });
  }

  /** Deletes the contact with its addresses and custom field values; returns what was deleted. */
  async deleteContact(tenant: Tenant, id: number): Promise<Contact> {
    return this.db.transaction(async (tx) => {
      const row = await repository.findContactRow(tx, tenant.workspaceId, id, true);
      if (!row) throw notFound('contact', id);
      const contact = await this.load(tx, tenant, row);
      await repository.deleteContactRow(tx, tenant.workspaceId, id);
      await recordEvent(tx, tenant, 'contact.deleted', contact);
      return contact;
    });
  }

  /** Archived contacts leave lists and search unless `includeArchived` asks for them. */
  async setArchived(tenant: Tenant, id: number, archived: boolean): Promise<Contact> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findContactRow(tx, tenant.workspaceId, id, true);
      if (!current) throw notFound('contact', id);
      const row = await repository.updateContactRow(tx, tenant.workspaceId, id, {
        archivedAt: archived ? (current.archivedAt ?? new Date()) : null,
      });
      const contact = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'contact.updated', contact);
      return contact;
    });
  }

  /**
   * A blocked contact's messages are stored but never answered by an agent and reopen no chat
   * (tickets/handoff-machine.ts and chats.repository.ts read `blocked_at`).
   */
  async setBlocked(tenant: Tenant, id: number, blocked: boolean): Promise<Contact> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findContactRow(tx, tenant.workspaceId, id, true);
      if (!current) throw notFound('contact', id);
      const row = await repository.updateContactRow(tx, tenant.workspaceId, id, {
        blockedAt: blocked ? (current.blockedAt ?? new Date()) : null,
      });
      const contact = await this.load(tx, tenant, row);
      await recordEvent(tx, tenant, 'contact.updated', contact);
      return contact;
    });
  }

  async findContacts(tenant: Tenant, query: ListQuery): Promise<Page<Contact>> {
    const page = await repository.findContactRows(this.db, tenant.workspaceId, query, this.fieldResolver(tenant));
    const addresses = await repository.findAddresses(
      this.db,
      tenant.workspaceId,
      page.rows.map((row) => row.id),
    );
    const byContact = new Map<number, repository.AddressRow[]>();
    for (const address of addresses) byContact.set(address.contactId, [...(byContact.get(address.contactId) ?? []), address]);
    return {
      items: page.rows.map((row) => toContact(tenant, row, byContact.get(row.id) ?? [])),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }

  /**
   * Every contact matching the query as formatted lines (CSV rows or JSON objects), read
   * through a cursor in one snapshot so memory stays flat whatever the size. The query is
   * built before the first line is asked for, so bad filters fail before anything streams.
   */
  async exportContacts(tenant: Tenant, query: ExportQuery, format: ExportFormat): Promise<AsyncGenerator<string[]>> {
    const { text, params } = await contactExportQuery(
      this.db,
      tenant.workspaceId,
      tenant.workspaceUuid,
      query,
      this.fieldResolver(tenant),
      repository.searchCondition,
      format,
    );
    return readLines(this.db.$client, text, params);
  }

  /** Filterable fields: the contact's own, `email`, `phone`, `addresses.*` and `customFields.<key>`. */
  private fieldResolver(tenant: Tenant): FieldResolver {
    const normalize = (value: string) => normalizeAddressLike(value, this.options.defaultPhoneCountry);
    return async (field) => {
      if (Object.hasOwn(repository.contactFields, field)) return repository.contactFields[field];
      if (field === 'email' || field === 'phone' || field === 'addresses.address' || field === 'addresses.channelType') {
        return repository.addressField(field, normalize);
      }
      if (field.startsWith('customFields.')) {
        const key = field.slice('customFields.'.length);
        return repository.contactCustomField(key, await this.customFields.fieldTypeOf(tenant.workspaceId, 'CONTACT', key, field));
      }
      return undefined;
    };
  }

  private async checkCompany(db: Executor, workspaceId: number, companyId: number | null | undefined): Promise<void> {
    if (companyId === undefined || companyId === null) return;
    if (!(await companyExists(db, workspaceId, companyId))) {
      throw invalid('contactCompanyId', `company ${companyId} does not exist in this workspace`);
    }
  }

  private async load(db: Executor, tenant: Tenant, row: repository.ContactRow): Promise<Contact> {
    const addresses = await repository.findAddresses(db, tenant.workspaceId, [row.id]);
    return toContact(tenant, row, addresses);
  }
}

const scalarKeys = [
  'providerId',
  'providerName',
  'nationalId',
  'firstName',
  'lastName',
  'userId',
  'contactCompanyId',
  'companyPosition',
  'metadata',
] as const;

function scalarValues(input: ContactInput): Partial<repository.ContactValues> {
  const values: Record<string, unknown> = {};
  for (const key of scalarKeys) if (input[key] !== undefined) values[key] = input[key];
  return values as Partial<repository.ContactValues>;
}

/**
 * The write of a new contact, in the caller's transaction: the row with its search text, its
 * (normalized) addresses, and `contact.created`. Every path that creates contacts one at a
 * time goes through it.
 */
export async function insertContactWithAddresses(
  tx: Executor,
  tenant: Tenant,
  values: Omit<repository.ContactValues, 'searchText'>,
  addresses: NewAddress[],
): Promise<Contact> {
  const row = await repository.insertContact(tx, tenant.workspaceId, { ...values, searchText: searchText(values, addresses) });
  await repository.replaceAddresses(tx, tenant.workspaceId, row.id, [], addresses);
  const contact = toContact(tenant, row, await repository.findAddresses(tx, tenant.workspaceId, [row.id]));
  await recordEvent(tx, tenant, 'contact.created', contact);
  return contact;
}

/** What free-text search looks in: names, ids and every address, lower-cased. */
export function searchText(
  contact: Pick<ContactInput, 'firstName' | 'lastName' | 'nationalId' | 'companyPosition'>,
  addresses: NewAddress[],
): string {
  return [contact.firstName, contact.lastName, contact.nationalId, contact.companyPosition, ...addresses.map((address) => address.address)]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

function toAddresses(rows: repository.AddressRow[]) {
  return rows.map((row) => ({ ...row, channelType: row.channelType as ChannelType }));
}

export function toContact(tenant: Tenant, row: repository.ContactRow, addresses: repository.AddressRow[]): Contact {
  return {
    id: row.id,
    uuid: row.uuid,
    tenantId: tenant.workspaceUuid,
    providerId: row.providerId,
    providerName: row.providerName,
    nationalId: row.nationalId,
    firstName: row.firstName,
    lastName: row.lastName,
    userId: row.userId,
    contactCompanyId: row.contactCompanyId,
    companyPosition: row.companyPosition,
    metadata: row.metadata ?? null,
    customFields: row.customFields,
    version: row.version,
    archivedAt: row.archivedAt,
    blockedAt: row.blockedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    addresses: toAddresses(addresses.filter((address) => address.contactId === row.id)).map(
      ({ workspaceId: _workspaceId, ...address }) => address,
    ),
  };
}
