import type { Database } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import type { WhatsAppCredentials } from '../channels/channels.schemas.js';
import type { MediaService } from '../media/media.service.js';
import { changeMessage } from './message-writes.js';
import type { Message, MediaMessageType } from './messages.schemas.js';
import { ProviderError, type OutboundContent, type WhatsAppGateway } from './outbound.js';

/** A stored file to send: uploaded to WhatsApp first when it has no valid media id there. */
export interface FileContent {
  kind: 'file';
  type: MediaMessageType;
  fileId: string;
  caption?: string;
}

export interface Delivery {
  credentials: WhatsAppCredentials;
  /** Recipient in E.164. */
  to: string;
  content: OutboundContent | FileContent;
}

/**
 * Hands a stored (pending) message to WhatsApp, outside any transaction, then records the
 * outcome: `sent` with the provider's `wamid…`, or `failed` with the provider's error. A
 * provider failure is the message's state, not the request's: the message is returned.
 */
export async function deliver(
  db: Database,
  tenant: Tenant,
  messageId: number,
  delivery: Delivery,
  dependencies: { gateway: WhatsAppGateway; media: MediaService },
): Promise<Message> {
  try {
    const content =
      delivery.content.kind === 'file'
        ? await uploadedFile(tenant, delivery.credentials, delivery.content, dependencies)
        : delivery.content;
    const { providerId } = await dependencies.gateway.send(delivery.credentials, delivery.to, content);
    return await db.transaction((tx) => changeMessage(tx, tenant, messageId, { status: 'sent', providerId }));
  } catch (error) {
    const failure =
      error instanceof ProviderError ? error : new ProviderError('The message could not be handed to WhatsApp', 0, 'Delivery error');
    const message = await db.transaction((tx) =>
      changeMessage(tx, tenant, messageId, {
        status: 'failed',
        errors: [{ code: failure.code, title: failure.title, message: failure.message, href: failure.href, provider: 'whatsapp' }],
      }),
    );
    if (!(error instanceof ProviderError)) throw error;
    return message;
  }
}

async function uploadedFile(
  tenant: Tenant,
  credentials: WhatsAppCredentials,
  content: FileContent,
  { gateway, media }: { gateway: WhatsAppGateway; media: MediaService },
): Promise<OutboundContent> {
  const file = await media.getFile(tenant, content.fileId);
  let mediaId = media.providerMediaId(file, credentials.phoneNumberId);
  if (!mediaId) {
    const { data } = await media.getFileData(tenant, content.fileId);
    mediaId = (await gateway.uploadMedia(credentials, { data, contentType: file.contentType, fileName: file.fileName })).mediaId;
    await media.recordProviderUpload(tenant, file.id, credentials.phoneNumberId, mediaId);
  }
  return {
    kind: 'media',
    type: content.type,
    mediaId,
    caption: content.caption,
    fileName: content.type === 'document' ? file.fileName : undefined,
  };
}
