import type { Database } from '../../db/client.js';
import type { FieldSpec } from '../../db/list-sql.js';
import { notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { normalizePhone } from '../contacts/addresses.js';
import { findAddresses } from '../contacts/contacts.repository.js';
import { toContact } from '../contacts/contacts.service.js';
import { recordEvents } from '../events/events-batch.js';
import { recordEvent } from '../events/events.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import * as repository from './companies.repository.js';
import type { Company, CompanyInput } from './companies.schemas.js';

export class CompaniesService {
  constructor(
    private readonly db: Database,
    private readonly customFields: CustomFieldsService,
    private readonly options: { defaultPhoneCountry?: string } = {},
  ) {}

  async createCompany(tenant: Tenant, input: CompanyInput & { name: string }): Promise<Company> {
    return this.db.transaction(async (tx) => {
      const customFields = await this.customFields.mergeValues(tx, tenant.workspaceId, 'COMPANY', input.customFields ?? {});
      const row = await repository.insertCompany(tx, tenant.workspaceId, { ...this.scalarValues(input), name: input.name, customFields });
      const company = toCompany(tenant, row);
      await recordEvent(tx, tenant, 'company.created', company);
      return company;
    });
  }

  async getCompanyById(tenant: Tenant, id: number): Promise<Company> {
    const row = await repository.findCompanyRow(this.db, tenant.workspaceId, id);
    if (!row) throw notFound('company', id);
    return toCompany(tenant, row);
  }

  async updateCompany(tenant: Tenant, id: number, input: CompanyInput): Promise<Company> {
    return this.db.transaction(async (tx) => {
      const current = await repository.findCompanyRow(tx, tenant.workspaceId, id, true);
      if (!current) throw notFound('company', id);
      const customFields = input.customFields
        ? await this.customFields.mergeValues(tx, tenant.workspaceId, 'COMPANY', input.customFields, current.customFields)
        : undefined;
      const row = await repository.updateCompanyRow(tx, tenant.workspaceId, id, {
        ...this.scalarValues(input),
        ...(customFields ? { customFields } : {}),
      });
      const company = toCompany(tenant, row);
      await recordEvent(tx, tenant, 'company.updated', company);
      return company;
    });
  }

  /** Deletes the company and unlinks its contacts (they are kept); returns what was deleted. */
  async deleteCompany(tenant: Tenant, id: number): Promise<Company> {
    return this.db.transaction(async (tx) => {
      const row = await repository.findCompanyRow(tx, tenant.workspaceId, id, true);
      if (!row) throw notFound('company', id);
      const unlinked = await repository.deleteCompanyRow(tx, tenant.workspaceId, id);
      const company = toCompany(tenant, row);
      await recordEvent(tx, tenant, 'company.deleted', company);
      if (unlinked.length > 0) {
        // Their contactCompanyId changed: integrators hear of it like any other contact update.
        const addresses = await findAddresses(
          tx,
          tenant.workspaceId,
          unlinked.map((contact) => contact.id),
        );
        const byContact = new Map<number, typeof addresses>();
        for (const address of addresses) byContact.set(address.contactId, [...(byContact.get(address.contactId) ?? []), address]);
        const contacts = unlinked.map((contact) => toContact(tenant, contact, byContact.get(contact.id) ?? []));
        await recordEvents(tx, tenant, 'contact.updated', contacts);
      }
      return company;
    });
  }

  async findCompanies(tenant: Tenant, query: ListQuery): Promise<Page<Company>> {
    const resolve = async (field: string): Promise<FieldSpec | undefined> => {
      if (Object.hasOwn(repository.companyFields, field)) return repository.companyFields[field];
      if (!field.startsWith('customFields.')) return undefined;
      const key = field.slice('customFields.'.length);
      return repository.companyCustomField(key, await this.customFields.fieldTypeOf(tenant.workspaceId, 'COMPANY', key, field));
    };
    const page = await repository.findCompanyRows(this.db, tenant.workspaceId, query, resolve);
    return { items: page.rows.map((row) => toCompany(tenant, row)), nextPageToken: page.nextPageToken, totalCount: page.totalCount };
  }

  private scalarValues(input: CompanyInput): Partial<repository.CompanyValues> {
    const values: Partial<repository.CompanyValues> = {};
    for (const key of ['name', 'industry', 'website', 'address', 'description', 'metadata'] as const) {
      if (input[key] !== undefined) (values as Record<string, unknown>)[key] = input[key];
    }
    if (input.domain !== undefined) values.domain = input.domain?.trim().toLowerCase() ?? null;
    if (input.phone !== undefined)
      values.phone = input.phone === null ? null : normalizePhone('phone', input.phone, this.options.defaultPhoneCountry);
    return values;
  }
}

function toCompany(tenant: Tenant, row: repository.CompanyRow): Company {
  const { workspaceId: _workspaceId, uuid: _uuid, ...rest } = row;
  return { ...rest, tenantId: tenant.workspaceUuid, metadata: row.metadata ?? null };
}
