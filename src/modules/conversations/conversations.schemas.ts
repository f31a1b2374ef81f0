import type { Contact } from '../contacts/contacts.schemas.js';

/** A funnel conversation as stored (what its events carry). */
export interface ConversationRecord {
  id: number;
  tenantId: string;
  contactId: number;
  userId: number | null;
  funnelId: number;
  funnelStatusId: number | null;
  customFields: Record<string, unknown>;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A funnel conversation with its contact, as the API returns it. */
export interface Conversation extends ConversationRecord {
  /** The conversation's contact (003 shows a list; it holds one). */
  contacts: Contact[];
}

/** The codes of per-item issues in a bulk report (003's BulkCreate / BulkUpdate). */
export type BulkIssueCode = 'REQUIRED_FIELD' | 'INVALID_VALUE' | 'NOT_FOUND' | 'DUPLICATE';

export interface BulkIssue {
  /** The item's field, as a path: `contact.phones[0]`, `customFields.source`. */
  field: string;
  message: string;
  code: BulkIssueCode;
  context: Record<string, unknown>;
}

export interface BulkItemReport {
  index: number;
  /** The conversation's id: the one created, or the one updated; null when the item was not written. */
  itemId: number | null;
  errors: BulkIssue[];
  warnings: BulkIssue[];
  /** The records the item matched, e.g. `{ contactId: 12 }` for a contact found by its phone. */
  existingEntities: Record<string, unknown>;
}

export interface BulkReport {
  /** Only the items with errors or warnings; items written cleanly are only counted. */
  itemsIssues: BulkItemReport[];
  batchErrors: BulkIssue[];
  counts: {
    /** Items written (with or without warnings). */
    successful: number;
    /** Items written with at least one warning. */
    warnings: number;
    /** Items flagged DUPLICATE: a contact repeated within the batch or matching an existing one, or a repeated conversation id. */
    duplicates: number;
    /** Items not written because of errors. */
    errors: number;
    total: number;
  };
}

export interface BulkResult {
  message: string;
  operationId: string;
  report: BulkReport;
}

/** Items per bulk request. A larger batch is refused whole, with nothing written. */
export const MAX_BULK_ITEMS = 1000;
