import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import {
  findContactIdsByAddress,
  lockContactAddresses,
  lockContacts,
  updateContacts,
  type ContactDetails,
} from '../contacts/contact-matching.js';
import { applyCustomFieldPatch, type CustomFieldPatch } from '../custom-fields/custom-field-batch.js';
import { recordEvents } from '../events/events-batch.js';
import { BulkItem, parseItems } from './bulk-items.js';
import { checkItemValues } from './item-values.js';
import { updateConversationItemSchema, type UpdateConversationItem } from './conversation-items.js';
import { toConversationRecord } from './conversation-records.js';
import { checkFunnelReferences } from './conversation-references.js';
import * as repository from './conversations.repository.js';
import type { ConversationRecord } from './conversations.schemas.js';

interface Candidate {
  item: BulkItem<UpdateConversationItem>;
  input: UpdateConversationItem;
  customFields: CustomFieldPatch;
  contact?: ContactDetails;
  current?: repository.ConversationRow;
  funnelStatusId?: number | null;
  /** The contact the conversation ends up with. */
  contactId?: number;
}

export interface UpdateResult {
  items: BulkItem<UpdateConversationItem>[];
  /** The conversations after the update, by item index. */
  updated: Map<number, ConversationRecord>;
}

/**
 * Updates the conversation named by each valid item's `id` in the caller's transaction:
 * only the fields sent change. `contact` updates the conversation's contact (or, with
 * `contact.id`, moves the conversation to that contact and updates it); a phone or email it
 * adds that another contact already holds is flagged DUPLICATE. An id repeated in the batch
 * is an error on the later items.
 */
export async function updateConversations(
  db: Executor,
  tenant: Tenant,
  rawItems: unknown[],
  options: { defaultPhoneCountry?: string },
): Promise<UpdateResult> {
  const { workspaceId } = tenant;
  const items = parseItems(rawItems, updateConversationItemSchema);
  const firstIndexOf = new Map<number, number>();
  for (const item of items.filter((entry) => entry.ok)) {
    const id = item.parsed!.id;
    const first = firstIndexOf.get(id);
    if (first === undefined) firstIndexOf.set(id, item.index);
    else
      item.fail('DUPLICATE', 'id', `conversation ${id} is already updated by item ${first}; send one item per conversation`, {
        duplicateOfIndex: first,
      });
  }
  const parsed = items.filter((item) => item.ok);
  const values = await checkItemValues(db, workspaceId, parsed, options);
  const candidates: Candidate[] = parsed.filter((item) => item.ok).map((item) => ({ item, input: item.parsed!, ...values.get(item)! }));

  // Lock order, as everywhere: address locks, then contacts, then conversations.
  const addresses = {
    phones: [...new Set(candidates.flatMap((c) => c.contact?.phones ?? []))],
    emails: [...new Set(candidates.flatMap((c) => c.contact?.emails ?? []))],
  };
  await lockContactAddresses(db, workspaceId, addresses);
  const ids = candidates.map((c) => c.input.id);
  const unlocked = new Map((await repository.findConversationRowsByIds(db, workspaceId, ids)).map((row) => [row.id, row]));
  const contactIdOf = (c: Candidate, row?: repository.ConversationRow) => c.input.contact?.id ?? row?.contactId;
  const wantedContacts = candidates.filter((c) => c.contact).map((c) => contactIdOf(c, unlocked.get(c.input.id)));
  const contacts = await lockContacts(
    db,
    workspaceId,
    wantedContacts.filter((id): id is number => id !== undefined),
  );
  const rows = new Map((await repository.findConversationRowsByIds(db, workspaceId, ids, true)).map((row) => [row.id, row]));
  // A conversation moved to another contact between the two reads: lock that contact too.
  const late = candidates.filter((c) => c.contact && c.input.contact?.id === undefined).map((c) => rows.get(c.input.id)?.contactId);
  const missing = late.filter((id): id is number => id !== undefined && !contacts.has(id));
  if (missing.length > 0) for (const [id, contact] of await lockContacts(db, workspaceId, missing)) contacts.set(id, contact);

  for (const candidate of candidates) {
    const { item, input } = candidate;
    candidate.current = rows.get(input.id);
    if (!candidate.current) {
      item.fail('NOT_FOUND', 'id', `conversation ${input.id} does not exist in this workspace`, { id: input.id });
      continue;
    }
    candidate.contactId = contactIdOf(candidate, candidate.current);
    if (input.contact?.id !== undefined && !contacts.has(input.contact.id)) {
      item.fail('NOT_FOUND', 'contact.id', `contact ${input.contact.id} does not exist in this workspace`, { contactId: input.contact.id });
    }
  }

  const found = candidates.filter((c) => c.item.ok);
  const statuses = await checkFunnelReferences(
    db,
    workspaceId,
    found.map(({ item, input, current }) => {
      const funnelId = input.funnelId ?? current!.funnelId;
      const keepsStatus = input.funnelStatusId === undefined && funnelId === current!.funnelId;
      return { item, funnelId, funnelStatusId: keepsStatus ? current!.funnelStatusId : input.funnelStatusId, funnelField: 'funnelId' };
    }),
  );
  const written = found.filter((c) => c.item.ok);
  written.forEach((candidate) => (candidate.funnelStatusId = statuses.get(candidate.item)!));

  await flagSharedAddresses(db, workspaceId, written, addresses);
  const details = new Map<number, ContactDetails[]>();
  for (const { contact, contactId } of written) {
    if (!contact) continue;
    const entries = details.get(contactId!);
    if (entries) entries.push(contact);
    else details.set(contactId!, [contact]);
  }
  await updateContacts(
    db,
    tenant,
    [...details].map(([id, entries]) => ({ current: contacts.get(id)!, details: entries })),
  );

  const updatedRows = await repository.updateConversationRows(
    db,
    workspaceId,
    written.map(({ input, current, customFields, funnelStatusId, contactId }) => ({
      id: current!.id,
      funnelId: input.funnelId ?? current!.funnelId,
      funnelStatusId: funnelStatusId!,
      contactId: contactId!,
      userId: input.userId === undefined ? current!.userId : input.userId,
      customFields: applyCustomFieldPatch(current!.customFields, customFields),
      archivedAt: input.archivedAt === undefined ? current!.archivedAt : input.archivedAt === null ? null : new Date(input.archivedAt),
      createdAt: input.createdAt === undefined ? current!.createdAt : new Date(input.createdAt),
    })),
  );
  const byId = new Map(updatedRows.map((row) => [row.id, row]));
  const updated = new Map<number, ConversationRecord>();
  for (const { item, input } of written) {
    item.itemId = input.id;
    updated.set(item.index, toConversationRecord(tenant, byId.get(input.id)!));
  }
  await recordEvents(db, tenant, 'conversation.updated', [...updated.values()]);
  return { items, updated };
}

/** Warns (DUPLICATE) where an item gives its contact a phone or email that another contact already holds. */
async function flagSharedAddresses(
  db: Executor,
  workspaceId: number,
  candidates: Candidate[],
  addresses: { phones: string[]; emails: string[] },
): Promise<void> {
  if (!candidates.some((c) => c.contact)) return;
  const owners = await findContactIdsByAddress(db, workspaceId, addresses);
  for (const { item, contact, contactId } of candidates) {
    if (!contact) continue;
    const others = [...new Set([...contact.phones, ...contact.emails].flatMap((address) => owners.get(address) ?? []))].filter(
      (id) => id !== contactId,
    );
    if (others.length === 0) continue;
    item.warn(
      'DUPLICATE',
      'contact',
      `a phone or email given is already held by contact ${others.join(', ')}; the contacts were not merged`,
      { contactIds: others },
    );
    item.existingEntities.contactIds = others.sort((a, b) => a - b);
  }
}
