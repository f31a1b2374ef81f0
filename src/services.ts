import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { CompaniesService } from './modules/companies/companies.service.js';
import { ContactsService } from './modules/contacts/contacts.service.js';
import { CustomFieldsService } from './modules/custom-fields/custom-fields.service.js';
import { WorkspacesService } from './modules/workspaces/workspaces.service.js';

/** The domain services, each given exactly what it depends on. */
export interface Services {
  workspaces: WorkspacesService;
  customFields: CustomFieldsService;
  companies: CompaniesService;
  contacts: ContactsService;
}

export function createServices(db: Database, config: Pick<Config, 'DEFAULT_PHONE_COUNTRY'>): Services {
  const workspaces = new WorkspacesService(db);
  const customFields = new CustomFieldsService(db);
  const companies = new CompaniesService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const contacts = new ContactsService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  return { workspaces, customFields, companies, contacts };
}
