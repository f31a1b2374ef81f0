import type { z } from 'zod';
import type { Database, Executor } from '../../db/client.js';
import type { FieldResolver } from '../../db/list-sql.js';
import { invalid, notFound } from '../../shared/errors.js';
import type { ListQuery } from '../../shared/list-query.js';
import type { Page } from '../../shared/paging.js';
import type { Tenant } from '../../shared/tenant.js';
import { loadContacts } from '../contacts/contact-matching.js';
import type { CustomFieldsService } from '../custom-fields/custom-fields.service.js';
import { recordEvent } from '../events/events.js';
import { getOperation, recordOperation } from '../operations/operations.js';
import { buildReport, firstErrorAsAppError, type BulkItem } from './bulk-items.js';
import type { updateConversationFields } from './conversation-items.js';
import { toConversationRecord } from './conversation-records.js';
import * as repository from './conversations.repository.js';
import { MAX_BULK_ITEMS, type BulkReport, type BulkResult, type Conversation, type ConversationRecord } from './conversations.schemas.js';
import { createConversations } from './create-conversations.js';
import { updateConversations } from './update-conversations.js';

const BULK_CREATE = 'conversations.bulkCreate';
const BULK_UPDATE = 'conversations.bulkUpdate';

export type ConversationChanges = { [Key in keyof typeof updateConversationFields]?: z.infer<(typeof updateConversationFields)[Key]> };

export interface ConversationsOptions {
  /** Country for phone numbers written without a "+" prefix. */
  defaultPhoneCountry?: string;
}

/**
 * Funnel conversations. Single and bulk writes share one implementation
 * (create-conversations.ts, update-conversations.ts): a single write is a batch of one
 * whose first error becomes the response.
 */
export class ConversationsService {
  constructor(
    private readonly db: Database,
    private readonly customFields: CustomFieldsService,
    private readonly options: ConversationsOptions = {},
  ) {}

  /** Creates a conversation from an item of the Create shape (validated here, like bulk items). */
  async createConversation(tenant: Tenant, input: unknown): Promise<Conversation> {
    return this.db.transaction(async (tx) => {
      const { items, created } = await createConversations(tx, tenant, [input], this.options);
      throwFirstError(items[0]!);
      return this.withContacts(tx, tenant, created.get(0)!);
    });
  }

  async getConversationById(tenant: Tenant, id: number): Promise<Conversation> {
    const [row] = await repository.findConversationRowsByIds(this.db, tenant.workspaceId, [id]);
    if (!row) throw notFound('conversation', id);
    return this.withContacts(this.db, tenant, toConversationRecord(tenant, row));
  }

  /** Changes only the fields sent (see update-conversations.ts). */
  async updateConversation(tenant: Tenant, id: number, changes: ConversationChanges): Promise<Conversation> {
    return this.db.transaction(async (tx) => {
      const { items, updated } = await updateConversations(tx, tenant, [{ ...changes, id }], this.options);
      const item = items[0]!;
      if (item.errors[0]?.code === 'NOT_FOUND' && item.errors[0].field === 'id') throw notFound('conversation', id);
      throwFirstError(item);
      return this.withContacts(tx, tenant, updated.get(0)!);
    });
  }

  /** Deletes the conversation; its tasks stay, without a conversation. Returns what was deleted. */
  async deleteConversation(tenant: Tenant, id: number): Promise<Conversation> {
    return this.db.transaction(async (tx) => {
      const [row] = await repository.findConversationRowsByIds(tx, tenant.workspaceId, [id], true);
      if (!row) throw notFound('conversation', id);
      const conversation = await this.withContacts(tx, tenant, toConversationRecord(tenant, row));
      await repository.deleteConversationRow(tx, tenant.workspaceId, id);
      await recordEvent(tx, tenant, 'conversation.deleted', toRecord(conversation));
      return conversation;
    });
  }

  async findConversations(tenant: Tenant, query: ListQuery): Promise<Page<Conversation>> {
    const page = await repository.findConversationRows(this.db, tenant.workspaceId, query, this.fieldResolver(tenant));
    const contacts = await loadContacts(
      this.db,
      tenant,
      page.rows.map((row) => row.contactId),
    );
    return {
      items: page.rows.map((row) => ({ ...toConversationRecord(tenant, row), contacts: [contacts.get(row.contactId)!] })),
      nextPageToken: page.nextPageToken,
      totalCount: page.totalCount,
    };
  }

  /** Creates the valid items in one transaction and reports on every item (003's BulkCreate). */
  async bulkCreate(tenant: Tenant, rawItems: unknown[]): Promise<BulkResult> {
    checkBatchSize(rawItems);
    return this.db.transaction(async (tx) => {
      const { items } = await createConversations(tx, tenant, rawItems, this.options);
      return this.recordReport(tx, tenant, BULK_CREATE, items, 'created');
    });
  }

  /** Updates the valid items in one transaction and reports on every item (003's BulkUpdate). */
  async bulkUpdate(tenant: Tenant, rawItems: unknown[]): Promise<BulkResult> {
    checkBatchSize(rawItems);
    return this.db.transaction(async (tx) => {
      const { items } = await updateConversations(tx, tenant, rawItems, this.options);
      return this.recordReport(tx, tenant, BULK_UPDATE, items, 'updated');
    });
  }

  /** The report of an earlier bulk create or update, by its operationId. */
  async getBulkOperation(tenant: Tenant, operationId: string): Promise<BulkResult> {
    const operation = await getOperation<BulkReport>(this.db, tenant.workspaceId, operationId, [BULK_CREATE, BULK_UPDATE]);
    return { message: operation.message, operationId: operation.operationId, report: operation.report };
  }

  private async recordReport(db: Executor, tenant: Tenant, kind: string, items: BulkItem<unknown>[], verb: string): Promise<BulkResult> {
    const report = buildReport(items);
    const { successful, errors, warnings, total } = report.counts;
    const message = [
      `${successful} of ${total} conversation(s) ${verb}`,
      errors > 0 ? `${errors} rejected (see report.itemsIssues)` : undefined,
      warnings > 0 ? `${warnings} with warnings` : undefined,
    ]
      .filter(Boolean)
      .join('; ');
    const operation = await recordOperation(db, tenant.workspaceId, kind, message, report);
    return { message, operationId: operation.operationId, report };
  }

  private async withContacts(db: Executor, tenant: Tenant, record: ConversationRecord): Promise<Conversation> {
    const contacts = await loadContacts(db, tenant, [record.contactId]);
    return { ...record, contacts: [contacts.get(record.contactId)!] };
  }

  /** Filterable fields: the conversation's own and `customFields.<key>`. */
  private fieldResolver(tenant: Tenant): FieldResolver {
    return async (field) => {
      if (Object.hasOwn(repository.conversationFields, field)) return repository.conversationFields[field];
      if (!field.startsWith('customFields.')) return undefined;
      const key = field.slice('customFields.'.length);
      return repository.conversationCustomField(
        key,
        await this.customFields.fieldTypeOf(tenant.workspaceId, 'FUNNEL_CONVERSATION', key, field),
      );
    };
  }
}

function checkBatchSize(rawItems: unknown[]): void {
  if (rawItems.length === 0) throw invalid('conversations', 'send at least one conversation');
  if (rawItems.length > MAX_BULK_ITEMS) {
    throw invalid('conversations', `at most ${MAX_BULK_ITEMS} conversations per request (got ${rawItems.length}); nothing was written`);
  }
}

function throwFirstError(item: BulkItem<unknown>): void {
  const error = firstErrorAsAppError(item);
  if (error) throw error;
}

function toRecord({ contacts: _contacts, ...record }: Conversation): ConversationRecord {
  return record;
}
