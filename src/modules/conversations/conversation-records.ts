import type { Tenant } from '../../shared/tenant.js';
import type { ConversationRow } from './conversations.repository.js';
import type { ConversationRecord } from './conversations.schemas.js';

export function toConversationRecord(tenant: Tenant, row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    contactId: row.contactId,
    userId: row.userId,
    funnelId: row.funnelId,
    funnelStatusId: row.funnelStatusId,
    customFields: row.customFields,
    archivedAt: row.archivedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
