import type { Database } from '../../db/client.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';

// Placeholder: replaced by the contacts implementation.
export class ContactsService {
  constructor(
    readonly db: Database,
    readonly customFields: CustomFieldsService,
    readonly options: { defaultPhoneCountry?: string },
  ) {}
}
