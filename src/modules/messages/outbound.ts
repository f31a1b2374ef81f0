import type { MediaMessageType } from './messages.schemas.js';

/** A WhatsApp template component, in the Cloud API's own shape (checked by the surface). */
export interface TemplateComponent {
  type: 'header' | 'body' | 'button';
  sub_type?: string;
  index?: number | string;
  parameters: Record<string, unknown>[];
}

/** What one outbound message carries to its provider. */
export type OutboundContent =
  | { kind: 'text'; body: string }
  | { kind: 'media'; type: MediaMessageType; mediaId: string; caption?: string; fileName?: string }
  | { kind: 'template'; name: string; languageCode: string; components: TemplateComponent[] };

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
