import type { WhatsAppCredentials } from '../channels/channels.schemas.js';
import type { MediaMessageType } from './messages.schemas.js';

/** A WhatsApp template component, in the Cloud API's own shape (checked by the surface). */
export interface TemplateComponent {
  type: 'header' | 'body' | 'button';
  sub_type?: string;
  index?: number | string;
  parameters: Record<string, unknown>[];
}

/** What one outbound WhatsApp message carries. */
export type OutboundContent =
  | { kind: 'text'; body: string }
  | { kind: 'media'; type: MediaMessageType; mediaId: string; caption?: string; fileName?: string }
  | { kind: 'template'; name: string; languageCode: string; components: TemplateComponent[] };

/**
 * The WhatsApp Cloud API as messaging needs it. The integration (src/integrations/whatsapp)
 * implements it; the domain depends only on this.
 */
export interface WhatsAppGateway {
  send(credentials: WhatsAppCredentials, to: string, content: OutboundContent): Promise<{ providerId: string }>;
  uploadMedia(
    credentials: WhatsAppCredentials,
    file: { data: Buffer; contentType: string; fileName: string },
  ): Promise<{ mediaId: string }>;
}

/** The provider refused or failed a call; kept on the message as one of its `errors`. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code: number,
    readonly title: string,
    readonly href: string | null = null,
    /** The HTTP status the provider answered with (0 when it could not be reached). */
    readonly status = 0,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
