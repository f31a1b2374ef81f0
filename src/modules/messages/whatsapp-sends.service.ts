import type { Database, Executor } from '../../db/client.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { inJobTransaction } from '../../jobs/connection.js';
import { whatsappAdapter } from '../channels/adapters/whatsapp.js';
import * as channelsRepository from '../channels/channels.repository.js';
import { findOrCreateChat } from '../chats/chat-writes.js';
import * as chatsRepository from '../chats/chats.repository.js';
import { findContactByAddress } from '../contacts/contact-by-address.repository.js';
import { findOrCreateContactByAddress } from '../contacts/contact-by-address.js';
import { normalizePhone } from '../contacts/addresses.js';
import { appendMessage } from './message-writes.js';
import type { Message, MessageType } from './messages.schemas.js';
import type { MessagingDependencies } from './messages.service.js';
import { participant, planFreeFormSend } from './outbound-plan.js';
import type { TemplateComponent } from './outbound.js';
import type { MediaFile } from '../media/media.schemas.js';

export interface WhatsAppMessageInput {
  fromPhoneNumber: string;
  toPhoneNumber: string;
  userId?: string;
  content: string;
  type: MessageType;
  fileId?: string;
  customFields?: Record<string, unknown>;
}

export interface WhatsAppTemplateInput {
  fromPhoneNumber: string;
  toPhoneNumber: string;
  userId?: string;
  templateName: string;
  languageCode: string;
  variables?: { value: string }[];
  components?: TemplateComponent[];
  customFields?: Record<string, unknown>;
}

/** 003's number-addressed WhatsApp sends: the channel is found by its number, the chat by the contact's. */
export class WhatsAppSendsService {
  constructor(
    private readonly db: Database,
    private readonly dependencies: MessagingDependencies,
  ) {}

  /** A free-form message into the contact's open conversation (the 24-hour window must be open). */
  async createMessage(tenant: Tenant, input: WhatsAppMessageInput): Promise<Message> {
    const to = e164('toPhoneNumber', input.toPhoneNumber);
    const message = await inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const channel = await whatsAppChannel(tx, tenant, input.fromPhoneNumber);
      const contact = await findContactByAddress(tx, tenant.workspaceId, [...whatsappAdapter.matchAddressTypes], to);
      const chat = contact ? await chatsRepository.findOpenChatRow(tx, tenant.workspaceId, channel.id, contact.id) : undefined;
      // No open chat means the contact never wrote on this number: only templates may start one.
      if (!chat) throw whatsappAdapter.replyWindow!.refusal(null);
      const plan = await planFreeFormSend(tx, tenant, chat, channel, { ...input, role: 'operator' }, this.dependencies.media);
      const message = (await appendMessage(tx, tenant, chat, plan.message))!;
      await this.dependencies.sends.queue(transaction, tenant, message.id);
      return message;
    });
    return this.dependencies.sends.send(tenant, message.id);
  }

  /** A template message: allowed any time, so it opens the contact and the chat when needed. */
  async createTemplateMessage(tenant: Tenant, input: WhatsAppTemplateInput): Promise<Message> {
    if (input.variables && input.components) throw invalid('components', 'send either variables or components, not both');
    const to = e164('toPhoneNumber', input.toPhoneNumber);
    const components: TemplateComponent[] = input.variables
      ? [{ type: 'body', parameters: input.variables.map((variable) => ({ type: 'text', text: variable.value })) }]
      : (input.components ?? []);
    const template = { name: input.templateName, languageCode: input.languageCode, components };
    const message = await inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const channel = await whatsAppChannel(tx, tenant, input.fromPhoneNumber);
      const contact = await findOrCreateContactByAddress(tx, tenant, {
        address: to,
        addressType: 'WHATSAPP',
        matchTypes: whatsappAdapter.matchAddressTypes,
      });
      const chat = await findOrCreateChat(tx, tenant, channel, contact.id);
      const message = (await appendMessage(tx, tenant, chat, {
        direction: 'outbound',
        role: 'operator',
        type: 'template',
        content: templateSummary(input.templateName, components),
        status: 'pending',
        sender: participant('operator', channel.address, channel.routingKey, channel.name),
        recipient: participant('user', to, null, [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null),
        userId: input.userId ?? null,
        metadata: { template },
        customFields: input.customFields ?? {},
      }))!;
      await this.dependencies.sends.queue(transaction, tenant, message.id);
      return message;
    });
    return this.dependencies.sends.send(tenant, message.id);
  }

  /**
   * 003's UploadMedia: a stored file (`fileId`) or a new one (base64 `content`) is uploaded to
   * WhatsApp for the channel's number. A new file is checked before the upload and stored
   * only once WhatsApp has accepted it.
   */
  async uploadMedia(tenant: Tenant, input: MediaUploadInput): Promise<UploadedMedia> {
    const { channels, media, providers } = this.dependencies;
    const channel = channels.connect(await whatsAppChannel(this.db, tenant, input.fromPhoneNumber));
    const upload = (file: { data: Buffer; contentType: string; fileName: string }) =>
      whatsappAdapter.uploadMedia!(channel, file, providers).catch((error) => providerFailure('take the file', error));
    const phoneNumberId = channel.row.routingKey!;
    if (input.fileId !== undefined) {
      if (input.content !== undefined) throw invalid('content', 'send either fileId or content, not both');
      const { file, data } = await media.getFileData(tenant, input.fileId).catch(() => {
        throw invalid('fileId', `no file ${input.fileId} in this workspace`);
      });
      const { mediaId } = await upload({ data, contentType: file.contentType, fileName: file.fileName });
      await media.recordProviderUpload(tenant, file.id, phoneNumberId, mediaId);
      return { file, mediaId };
    }
    for (const field of ['fileName', 'contentType', 'content'] as const) {
      if (!input[field]) throw invalid(field, 'is required when no fileId is given');
    }
    const newFile = { fileName: input.fileName!, contentType: input.contentType!, content: input.content!, tags: input.tags };
    const checked = media.checkFile(newFile);
    const { mediaId } = await upload({ data: checked.data, contentType: checked.contentType, fileName: newFile.fileName });
    const file = await media.storeFile(tenant, newFile, checked, { phoneNumberId, mediaId });
    return { file, mediaId };
  }
}

export interface MediaUploadInput {
  fromPhoneNumber: string;
  fileId?: string;
  fileName?: string;
  contentType?: string;
  /** Base64 of the bytes. */
  content?: string;
  tags?: Record<string, string>;
}

export interface UploadedMedia {
  file: MediaFile;
  /** WhatsApp's media id, for sending the file from this number. */
  mediaId: string;
}

/** A phone number that must be written in E.164 (`+` and country code), as 003 requires. */
export function e164(field: string, value: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(value.trim())) throw invalid(field, `"${value}" is not an E.164 phone number (e.g. +14155552671)`);
  return normalizePhone(field, value.trim());
}

/** The workspace's live WhatsApp channel on this number, or a 400 naming fromPhoneNumber. */
export async function whatsAppChannel(db: Executor, tenant: Tenant, fromPhoneNumber: string): Promise<channelsRepository.ChannelRow> {
  const from = e164('fromPhoneNumber', fromPhoneNumber);
  const channel = await channelsRepository.findChannelByAddress(db, tenant.workspaceId, whatsappAdapter.type, from);
  if (!channel) throw invalid('fromPhoneNumber', `no WhatsApp channel with number ${from} in this workspace`);
  return channel;
}

/** What a template message shows as its content: its name and its text parameters. */
function templateSummary(name: string, components: TemplateComponent[]): string {
  const texts = components.flatMap((component) =>
    component.parameters.flatMap((parameter) => (typeof parameter.text === 'string' ? [parameter.text] : [])),
  );
  return texts.length > 0 ? `[template ${name}] ${texts.join(', ')}` : `[template ${name}]`;
}

export function providerFailure(action: string, error: unknown): never {
  if (error instanceof AppError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new AppError('BAD_GATEWAY', `WhatsApp refused to ${action}: ${message}`, { provider: 'whatsapp' });
}
