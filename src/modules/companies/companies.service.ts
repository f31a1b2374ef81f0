import type { Database } from '../../db/client.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';

// Placeholder: replaced by the companies implementation.
export class CompaniesService {
  constructor(
    readonly db: Database,
    readonly customFields: CustomFieldsService,
  ) {}
}
