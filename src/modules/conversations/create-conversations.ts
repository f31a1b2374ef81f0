import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import {
  createContacts,
  findContactIdsByAddress,
  lockContactAddresses,
  lockContacts,
  updateContacts,
  type ContactDetails,
  type LockedContact,
} from '../contacts/contact-matching.js';
import type { CustomFieldPatch } from '../custom-fields/custom-field-batch.js';
import { recordEvents } from '../events/events-batch.js';
import { BulkItem, parseItems } from './bulk-items.js';
import { checkFunnelReferences } from './conversation-references.js';
import { checkItemValues } from './item-values.js';
import { createConversationItemSchema, type CreateConversationItem } from './conversation-items.js';
import * as repository from './conversations.repository.js';
import { toConversationRecord } from './conversation-records.js';
import type { ConversationRecord } from './conversations.schemas.js';

/** An item that passed its own checks, with what it resolved to. */
interface Candidate {
  item: BulkItem<CreateConversationItem>;
  input: CreateConversationItem;
  customFields: CustomFieldPatch;
  contact?: ContactDetails;
  funnelStatusId: number | null;
  /** The contact the conversation goes to: an id, or the new contact of a group. */
  target?: number | NewContact;
}

interface NewContact {
  details: ContactDetails[];
  id?: number;
}

export interface CreateResult {
  items: BulkItem<CreateConversationItem>[];
  /** The conversations created, by item index. */
  created: Map<number, ConversationRecord>;
}

/**
 * Creates a conversation per valid item in the caller's transaction; invalid items collect
 * their errors and are not written. Items naming a `contact` by phones and emails are
 * resolved together: those sharing an address (within the batch, or with an existing
 * contact) go to one contact, and are flagged DUPLICATE. A fixed number of statements runs
 * whatever the batch size.
 */
export async function createConversations(
  db: Executor,
  tenant: Tenant,
  rawItems: unknown[],
  options: { defaultPhoneCountry?: string },
): Promise<CreateResult> {
  const { workspaceId } = tenant;
  const items = parseItems(rawItems, createConversationItemSchema);
  const parsed = items.filter((item) => item.ok);
  const values = await checkItemValues(db, workspaceId, parsed, options);

  const candidates: Candidate[] = [];
  for (const item of parsed) {
    const input = item.parsed!;
    const contact = values.get(item)?.contact;
    if (input.contactId === undefined && input.contact === undefined) {
      item.fail('REQUIRED_FIELD', 'contact', 'send contactId, or contact with at least one phone or email');
    } else if (input.contactId === undefined && contact && contact.phones.length + contact.emails.length === 0) {
      item.fail('REQUIRED_FIELD', 'contact.phones', 'give the contact at least one phone or email, to match it or create it');
    }
    if (item.ok) candidates.push({ item, input, customFields: values.get(item)!.customFields, contact, funnelStatusId: null });
  }

  const statuses = await checkFunnelReferences(
    db,
    workspaceId,
    candidates.map(({ item, input }) => ({
      item,
      funnelId: input.funnelId,
      funnelStatusId: input.funnelStatusId,
      funnelField: 'funnelId',
    })),
  );
  const valid = candidates.filter((candidate) => candidate.item.ok);
  valid.forEach((candidate) => (candidate.funnelStatusId = statuses.get(candidate.item)!));

  const contacts = await resolveContacts(db, workspaceId, valid);
  const written = valid.filter((candidate) => candidate.item.ok);
  await writeContacts(db, tenant, written, contacts);

  const now = new Date();
  const rows = await repository.insertConversationRows(
    db,
    workspaceId,
    written.map(({ input, customFields, funnelStatusId, target }) => {
      const createdAt = input.createdAt ? new Date(input.createdAt) : now;
      return {
        uuid: randomUUID(),
        funnelId: input.funnelId,
        funnelStatusId,
        contactId: typeof target === 'number' ? target : target!.id!,
        userId: input.userId ?? null,
        customFields: Object.fromEntries(Object.entries(customFields).filter(([, value]) => value !== null)),
        archivedAt: input.archivedAt ? new Date(input.archivedAt) : null,
        createdAt,
        updatedAt: createdAt,
      };
    }),
  );
  const created = new Map<number, ConversationRecord>();
  rows.forEach((row, position) => {
    const { item } = written[position]!;
    item.itemId = row.id;
    created.set(item.index, toConversationRecord(tenant, row));
  });
  await recordEvents(db, tenant, 'conversation.created', [...created.values()]);
  return { items, created };
}

/**
 * Decides each candidate's contact: `contactId` as given (it must exist), else the contact
 * its addresses resolve to. Candidates sharing an address form one group with one contact:
 * the oldest existing contact holding any of the group's addresses, or a new one.
 */
async function resolveContacts(db: Executor, workspaceId: number, candidates: Candidate[]): Promise<Map<number, LockedContact>> {
  const matched = candidates.filter((candidate) => candidate.input.contactId === undefined);
  const all = {
    phones: unique(candidates.flatMap((c) => c.contact?.phones ?? [])),
    emails: unique(candidates.flatMap((c) => c.contact?.emails ?? [])),
  };
  await lockContactAddresses(db, workspaceId, all);
  const owners = await findContactIdsByAddress(db, workspaceId, {
    phones: unique(matched.flatMap((c) => c.contact!.phones)),
    emails: unique(matched.flatMap((c) => c.contact!.emails)),
  });
  const ownersOf = (candidate: Candidate) =>
    unique(addressesOf(candidate).flatMap((address) => owners.get(address) ?? [])).sort((a, b) => a - b);
  const explicitIds = candidates.map((c) => c.input.contactId).filter((id): id is number => id !== undefined);
  const locked = await lockContacts(db, workspaceId, [...explicitIds, ...matched.flatMap(ownersOf)]);

  for (const candidate of candidates) {
    const id = candidate.input.contactId;
    if (id === undefined) continue;
    if (locked.has(id)) candidate.target = id;
    else candidate.item.fail('NOT_FOUND', 'contactId', `contact ${id} does not exist in this workspace`, { contactId: id });
  }

  for (const group of groupBySharedAddress(matched)) {
    const existing = unique(group.flatMap(ownersOf)).filter((id) => locked.has(id));
    const target: number | NewContact = existing.length > 0 ? Math.min(...existing) : { details: [] };
    const first = group[0]!;
    group.forEach((candidate, position) => {
      candidate.target = target;
      const { item } = candidate;
      const own = ownersOf(candidate).filter((id) => locked.has(id));
      if (own.length > 0) {
        const message =
          own.length === 1 && own[0] === target
            ? `matches existing contact ${target} by phone or email; it was updated with this item's details`
            : `matches existing contact(s) ${own.join(', ')} by phone or email; the oldest contact of the group, ${target as number}, was used and updated with this item's details`;
        item.warn('DUPLICATE', 'contact', message, { contactIds: own });
      }
      if (position > 0) {
        item.warn('DUPLICATE', 'contact', `repeats the contact of item ${first.item.index} (a shared phone or email)`, {
          duplicateOfIndex: first.item.index,
        });
        item.existingEntities.duplicateOfIndex = first.item.index;
      }
      if (typeof target === 'number' && (own.length > 0 || position > 0)) item.existingEntities.contactId = target;
    });
  }
  return locked;
}

/** Creates the new contacts and applies the items' details to the existing ones, in item order. */
async function writeContacts(db: Executor, tenant: Tenant, candidates: Candidate[], locked: Map<number, LockedContact>): Promise<void> {
  const newContacts: NewContact[] = [];
  const updates = new Map<number, ContactDetails[]>();
  for (const { target, contact } of candidates) {
    if (typeof target === 'number') {
      if (!contact) continue;
      const entries = updates.get(target);
      if (entries) entries.push(contact);
      else updates.set(target, [contact]);
    } else if (target) {
      if (target.details.length === 0) newContacts.push(target);
      target.details.push(contact!);
    }
  }
  const created = await createContacts(
    db,
    tenant,
    newContacts.map((entry) => entry.details),
  );
  created.forEach((contact, index) => (newContacts[index]!.id = contact.id));
  await updateContacts(
    db,
    tenant,
    [...updates].map(([id, details]) => ({ current: locked.get(id)!, details })),
  );
}

/** Groups candidates that share a phone or email (transitively), each group in item order. */
function groupBySharedAddress(candidates: Candidate[]): Candidate[][] {
  const parent = candidates.map((_, index) => index);
  const find = (index: number): number => (parent[index] === index ? index : (parent[index] = find(parent[index]!)));
  const holder = new Map<string, number>();
  candidates.forEach((candidate, index) => {
    for (const address of addressesOf(candidate)) {
      const other = holder.get(address);
      if (other === undefined) holder.set(address, index);
      else {
        const [a, b] = [find(other), find(index)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, Candidate[]>();
  candidates.forEach((candidate, index) => {
    const root = find(index);
    const group = groups.get(root);
    if (group) group.push(candidate);
    else groups.set(root, [candidate]);
  });
  return [...groups.values()];
}

function addressesOf(candidate: Candidate): string[] {
  return [...(candidate.contact?.phones ?? []), ...(candidate.contact?.emails ?? [])];
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
