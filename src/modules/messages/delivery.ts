import type { Database } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import type { ProviderConfig } from '../channels/adapters/adapter.js';
import { channelAdapter } from '../channels/adapters/registry.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import type { ChannelsService } from '../channels/channels.service.js';
import type { MediaService } from '../media/media.service.js';
import { changeMessage } from './message-writes.js';
import type { MessageRow } from './messages.repository.js';
import type { Message, MediaMessageType } from './messages.schemas.js';
import { ProviderError, type OutboundContent, type TemplateComponent } from './outbound.js';

export interface DeliveryDependencies {
  channels: ChannelsService;
  media: MediaService;
  providers: ProviderConfig;
}

/** A stored file to send: uploaded to the provider first when it has no valid media id there. */
interface FileContent {
  kind: 'file';
  type: MediaMessageType;
  fileId: string;
  caption?: string;
}

/**
 * Hands a stored pending message, claimed by the caller, to its channel's provider (outside
 * any transaction), then records the outcome: `sent` with the provider's id, or `failed` with
 * the provider's error. A provider failure is the message's state, not the caller's: the
 * message is returned. Everything sent is read from the stored message, so any process can
 * send it (the request that stored it, or the job queued with it).
 */
export async function deliver(
  db: Database,
  tenant: Tenant,
  message: MessageRow,
  channelRow: ChannelRow,
  dependencies: DeliveryDependencies,
): Promise<Message> {
  const adapter = channelAdapter(channelRow.type);
  try {
    if (!adapter.send) throw new ProviderError(`${adapter.label} channels do not hand messages to a provider`, 0, 'Not supported');
    if (!message.recipient.address) throw new ProviderError('The message has no recipient address', 0, 'Delivery error');
    const channel = dependencies.channels.connect(channelRow);
    const stored = contentOf(message);
    const content = stored.kind === 'file' ? await uploadedFile(tenant, channel, stored, dependencies) : stored;
    const { providerId } = await adapter.send(channel, message.recipient.address, content, dependencies.providers);
    return await db.transaction((tx) => changeMessage(tx, tenant, message.id, { status: 'sent', providerId }));
  } catch (error) {
    const failure =
      error instanceof ProviderError
        ? error
        : new ProviderError(`The message could not be handed to ${adapter.label}`, 0, 'Delivery error');
    const failed = await db.transaction((tx) =>
      changeMessage(tx, tenant, message.id, {
        status: 'failed',
        errors: [{ code: failure.code, title: failure.title, message: failure.message, href: failure.href, provider: adapter.type }],
      }),
    );
    if (!(error instanceof ProviderError)) throw error;
    return failed;
  }
}

/** What a stored message asks its provider to carry: its template, its file or its text. */
function contentOf(message: MessageRow): OutboundContent | FileContent {
  const template = message.metadata.template as { name: string; languageCode: string; components: TemplateComponent[] } | undefined;
  if (message.type === 'template' && template) return { kind: 'template', ...template };
  const attachment = message.attachments[0];
  if (attachment?.fileId) return { kind: 'file', type: attachment.type, fileId: attachment.fileId, caption: message.content || undefined };
  return { kind: 'text', body: message.content };
}

async function uploadedFile(
  tenant: Tenant,
  channel: ReturnType<ChannelsService['connect']>,
  content: FileContent,
  { media, providers }: DeliveryDependencies,
): Promise<OutboundContent> {
  const adapter = channelAdapter(channel.row.type);
  const file = await media.getFile(tenant, content.fileId);
  // Media ids are the provider's per sending account: the routing key (WhatsApp's phone number id).
  const account = channel.row.routingKey ?? channel.row.uuid;
  let mediaId = media.providerMediaId(file, account);
  if (!mediaId) {
    if (!adapter.uploadMedia) throw new ProviderError(`${adapter.label} channels do not take files`, 0, 'Not supported');
    const { data } = await media.getFileData(tenant, content.fileId);
    mediaId = (await adapter.uploadMedia(channel, { data, contentType: file.contentType, fileName: file.fileName }, providers)).mediaId;
    await media.recordProviderUpload(tenant, file.id, account, mediaId);
  }
  return {
    kind: 'media',
    type: content.type,
    mediaId,
    caption: content.caption,
    fileName: content.type === 'document' ? file.fileName : undefined,
  };
}
