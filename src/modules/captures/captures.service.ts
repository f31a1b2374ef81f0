import type { Database, Executor } from '../../db/client.js';
import { notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as agentRunsRepository from '../agent-runtime/agent-runs.repository.js';
import type { ChatsService } from '../chats/chats.service.js';
import * as chatsRepository from '../chats/chats.repository.js';
import * as contactsRepository from '../contacts/contacts.repository.js';
import { searchText, toContact } from '../contacts/contacts.service.js';
import { recordEvent } from '../events/events.js';
import { extractCaptureFields, splitName } from './capture-fields.js';
import * as repository from './captures.repository.js';
import type { CaptureFilters, CaptureRow } from './captures.repository.js';

export type { CaptureFilters, CaptureRow };

const PHONE_LIKE = new Set(['PHONE', 'WHATSAPP', 'SMS']);
const EXPORT_BATCH = 500;

/** What agents captured of customers (000's "captured contacts"), and how captures reach the CRM. */
export class CapturesService {
  constructor(
    private readonly db: Database,
    private readonly chats: ChatsService,
    private readonly options: { defaultPhoneCountry: string },
  ) {}

  /**
   * In the caller's transaction: stores what an agent captured in a chat and fills the CRM
   * contact's blanks (name, email, phone). What a person already set is never overwritten.
   * Returns the fields that could not be used; nothing is stored when none can.
   */
  async applyCapture(
    tx: Executor,
    tenant: Tenant,
    input: { agentId: number; chatId: number; channel: string; contactId: number; data: Record<string, unknown> },
  ): Promise<{ capture: CaptureRow | undefined; rejected: Array<{ field: string; error: string }> }> {
    const fields = extractCaptureFields(input.data, this.options.defaultPhoneCountry);
    if (Object.keys(fields.data).length === 0) return { capture: undefined, rejected: fields.rejected };
    const { email, name, company, phone, data } = fields;
    const capture = await repository.upsertCapture(tx, tenant.workspaceId, input.agentId, input.chatId, {
      channel: input.channel,
      contactData: data,
      email,
      name,
      company,
      phone,
    });
    await this.fillContactBlanks(tx, tenant, input.contactId, { email, name, phone });
    return { capture, rejected: fields.rejected };
  }

  private async fillContactBlanks(
    tx: Executor,
    tenant: Tenant,
    contactId: number,
    fields: { email: string | null; name: string | null; phone: string | null },
  ): Promise<void> {
    const row = await contactsRepository.findContactRow(tx, tenant.workspaceId, contactId, true);
    if (!row) return;
    const current = await contactsRepository.findAddresses(tx, tenant.workspaceId, [contactId]);
    const wanted = current.map(({ channelType, address }) => ({ channelType, address })) as Array<{ channelType: string; address: string }>;
    if (fields.email && !current.some((address) => address.channelType === 'EMAIL'))
      wanted.push({ channelType: 'EMAIL', address: fields.email });
    if (fields.phone && !current.some((address) => PHONE_LIKE.has(address.channelType)))
      wanted.push({ channelType: 'PHONE', address: fields.phone });
    const names = fields.name && !row.firstName && !row.lastName ? splitName(fields.name) : undefined;
    if (!names && wanted.length === current.length) return;
    const next = { firstName: names?.firstName ?? row.firstName, lastName: names?.lastName ?? row.lastName };
    await contactsRepository.replaceAddresses(tx, tenant.workspaceId, contactId, current, wanted as never);
    const updated = await contactsRepository.updateContactRow(tx, tenant.workspaceId, contactId, {
      ...next,
      searchText: searchText({ ...row, ...next }, wanted as never),
    });
    const addresses = await contactsRepository.findAddresses(tx, tenant.workspaceId, [contactId]);
    await recordEvent(tx, tenant, 'contact.updated', toContact(tenant, updated, addresses));
  }

  async findCaptures(
    tenant: Tenant,
    agentReference: string,
    filters: CaptureFilters,
    page: { page: number; perPage: number },
  ): Promise<{ rows: CaptureRow[]; total: number }> {
    const agentId = await this.agentIdOf(tenant, agentReference);
    return repository.findCaptureRows(this.db, tenant.workspaceId, agentId, filters, {
      limit: page.perPage,
      offset: (page.page - 1) * page.perPage,
    });
  }

  /** What the agents captured in one chat (its uuid), oldest first: the inbox shows it beside the chat. */
  async findChatCaptures(tenant: Tenant, chatUuid: string): Promise<CaptureRow[]> {
    const chat = await chatsRepository.findChatRow(this.db, tenant.workspaceId, { uuid: chatUuid });
    if (!chat) throw notFound('chat', chatUuid);
    return repository.findChatCaptures(this.db, tenant.workspaceId, chat.id);
  }

  async getCapture(tenant: Tenant, agentReference: string, id: number): Promise<CaptureRow> {
    const agentId = await this.agentIdOf(tenant, agentReference);
    const row = await repository.findCaptureRow(this.db, tenant.workspaceId, agentId, id);
    if (!row) throw notFound('contact', id);
    return row;
  }

  /** Every matching capture, a batch at a time; reading changes nothing (000: exports are idempotent). */
  async exportCaptures(tenant: Tenant, agentReference: string, filters: CaptureFilters): Promise<AsyncGenerator<CaptureRow[]>> {
    const agentId = await this.agentIdOf(tenant, agentReference);
    const db = this.db;
    return (async function* batches() {
      let afterId = 0;
      for (;;) {
        const rows = await repository.findCaptureBatch(db, tenant.workspaceId, agentId, filters, afterId, EXPORT_BATCH);
        if (rows.length === 0) return;
        yield rows;
        afterId = rows[rows.length - 1]!.id;
      }
    })();
  }

  /** Sets a capture's status; `exported` also stamps `contact_exported_at` the first time. */
  async setCaptureStatus(tenant: Tenant, agentReference: string, id: number, status: string): Promise<CaptureRow> {
    const capture = await this.getCapture(tenant, agentReference, id);
    return repository.updateCaptureStatus(this.db, tenant.workspaceId, capture.id, status);
  }

  /** 000's delete: soft-deletes the chat the contact was captured in (it shows `isRemoved` in the Chats API). */
  async deleteCapture(tenant: Tenant, agentReference: string, id: number): Promise<void> {
    const capture = await this.getCapture(tenant, agentReference, id);
    const chat = await chatsRepository.findChatRow(this.db, tenant.workspaceId, { id: capture.chatId });
    if (!chat) throw notFound('contact', id);
    await this.chats.removeChat(tenant, chat.uuid);
  }

  private async agentIdOf(tenant: Tenant, reference: string): Promise<number> {
    const agent = await agentRunsRepository.findAgentByReference(this.db, tenant.workspaceId, reference);
    if (!agent || agent.kind !== 'agent') throw notFound('agent', reference);
    return agent.id;
  }
}
