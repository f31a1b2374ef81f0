import { createHash } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { AppError, invalid, notFound } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as repository from './media.repository.js';
import { whatsappMediaTypes, type MediaFile } from './media.schemas.js';

export interface NewFile {
  fileName: string;
  contentType: string;
  /** Base64 of the bytes. */
  content: string;
  tags?: Record<string, string>;
}

/** WhatsApp media ids expire after 30 days; re-upload a day before. */
const PROVIDER_UPLOAD_TTL_MS = 29 * 24 * 60 * 60 * 1000;

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Files kept for messages: type-checked against what WhatsApp accepts and size-limited on the way in. */
export class MediaService {
  constructor(
    private readonly db: Database,
    private readonly options: { maxBytes: number },
  ) {}

  /** The largest upload request to accept: the file limit in base64, plus room for the other fields. */
  get maxRequestBytes(): number {
    return Math.ceil((this.options.maxBytes * 4) / 3) + 64 * 1024;
  }

  /** Decodes and checks a file before anything is stored. Problems name `contentType` or `content`. */
  checkFile(file: NewFile): { data: Buffer; contentType: string } {
    const contentType = file.contentType.trim().toLowerCase().split(';')[0]!.trim();
    const kind = whatsappMediaTypes[contentType];
    if (!kind)
      throw invalid(
        'contentType',
        `"${file.contentType}" is not a media type WhatsApp accepts (${Object.keys(whatsappMediaTypes).join(', ')})`,
      );
    const compact = file.content.replace(/\s+/g, '');
    if (compact === '' || !BASE64.test(compact)) throw invalid('content', 'must be the file encoded in base64');
    const data = Buffer.from(compact, 'base64');
    const limit = Math.min(kind.maxBytes, this.options.maxBytes);
    if (data.length > limit) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `content: the file is ${data.length} bytes; ${contentType} files may be at most ${limit} bytes`,
        { field: 'content' },
      );
    }
    return { data, contentType };
  }

  async storeFile(
    tenant: Tenant,
    file: NewFile,
    checked: { data: Buffer; contentType: string },
    upload?: { phoneNumberId: string; mediaId: string },
  ): Promise<MediaFile> {
    return this.db.transaction(async (tx) => {
      const providerUploads = upload ? { [upload.phoneNumberId]: { mediaId: upload.mediaId, uploadedAt: new Date().toISOString() } } : {};
      const row = await repository.insertMedia(tx, tenant.workspaceId, {
        fileName: file.fileName,
        contentType: checked.contentType,
        size: checked.data.length,
        sha256: createHash('sha256').update(checked.data).digest('hex'),
        data: checked.data,
        tags: file.tags ?? {},
        providerUploads,
      });
      return toMediaFile(row);
    });
  }

  async getFile(tenant: Tenant, uuid: string): Promise<MediaFile & { providerUploads: repository.MediaRow['providerUploads'] }> {
    const row = await repository.findMediaRow(this.db, tenant.workspaceId, uuid);
    if (!row) throw notFound('file', uuid);
    return { ...toMediaFile(row), providerUploads: row.providerUploads };
  }

  async getFileData(tenant: Tenant, uuid: string): Promise<{ file: MediaFile; data: Buffer }> {
    const file = await this.getFile(tenant, uuid);
    const data = await repository.findMediaData(this.db, tenant.workspaceId, file.id);
    if (!data) throw notFound('file', uuid);
    return { file, data };
  }

  /** The WhatsApp media id of a file for a phone number id, while it is still valid. */
  providerMediaId(file: { providerUploads: repository.MediaRow['providerUploads'] }, phoneNumberId: string): string | undefined {
    const upload = file.providerUploads[phoneNumberId];
    if (!upload || Date.now() - new Date(upload.uploadedAt).getTime() > PROVIDER_UPLOAD_TTL_MS) return undefined;
    return upload.mediaId;
  }

  async recordProviderUpload(tenant: Tenant, fileId: number, phoneNumberId: string, mediaId: string): Promise<void> {
    await repository.recordProviderUpload(this.db, tenant.workspaceId, fileId, phoneNumberId, mediaId);
  }
}

function toMediaFile(row: repository.MediaRow): MediaFile {
  return {
    id: row.id,
    uuid: row.uuid,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    tags: row.tags,
    createdAt: row.createdAt,
  };
}
