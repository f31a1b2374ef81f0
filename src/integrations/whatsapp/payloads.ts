import type { OutboundContent } from '../../modules/messages/outbound.js';

/**
 * The Cloud API body of `POST /{phone-number-id}/messages` for one outbound message
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages).
 */
export function messagePayload(to: string, content: OutboundContent): Record<string, unknown> {
  // WhatsApp takes the recipient as digits with the country code (its `wa_id` form).
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: to.replace(/^\+/, '') };
  switch (content.kind) {
    case 'text':
      return { ...base, type: 'text', text: { preview_url: false, body: content.body } };
    case 'media': {
      const media: Record<string, unknown> = { id: content.mediaId };
      // Audio and stickers take no caption; only documents carry a file name.
      if (content.caption && content.type !== 'audio' && content.type !== 'sticker') media.caption = content.caption;
      if (content.fileName && content.type === 'document') media.filename = content.fileName;
      return { ...base, type: content.type, [content.type]: media };
    }
    case 'template':
      return {
        ...base,
        type: 'template',
        template: {
          name: content.name,
          language: { code: content.languageCode },
          ...(content.components.length > 0 ? { components: content.components } : {}),
        },
      };
  }
}
