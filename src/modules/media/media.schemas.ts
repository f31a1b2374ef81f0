import type { MediaMessageType } from '../messages/messages.schemas.js';

/**
 * The content types WhatsApp accepts per media kind, with its size limits
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/media#supported-media-types).
 */
export const whatsappMediaTypes: Record<string, { type: MediaMessageType; maxBytes: number }> = {
  'audio/aac': { type: 'audio', maxBytes: 16 * 1024 * 1024 },
  'audio/amr': { type: 'audio', maxBytes: 16 * 1024 * 1024 },
  'audio/mpeg': { type: 'audio', maxBytes: 16 * 1024 * 1024 },
  'audio/mp4': { type: 'audio', maxBytes: 16 * 1024 * 1024 },
  'audio/ogg': { type: 'audio', maxBytes: 16 * 1024 * 1024 },
  'text/plain': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/pdf': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/vnd.ms-powerpoint': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/msword': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/vnd.ms-excel': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { type: 'document', maxBytes: 100 * 1024 * 1024 },
  'image/jpeg': { type: 'image', maxBytes: 5 * 1024 * 1024 },
  'image/png': { type: 'image', maxBytes: 5 * 1024 * 1024 },
  'image/webp': { type: 'sticker', maxBytes: 500 * 1024 },
  'video/mp4': { type: 'video', maxBytes: 16 * 1024 * 1024 },
  'video/3gpp': { type: 'video', maxBytes: 16 * 1024 * 1024 },
};

export interface MediaFile {
  id: number;
  uuid: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  tags: Record<string, string>;
  createdAt: Date;
}
