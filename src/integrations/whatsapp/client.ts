import { ProviderError, type OutboundContent } from '../../modules/messages/outbound.js';
import { messagePayload } from './payloads.js';

/** What the client needs to call the Cloud API for one phone number. */
export interface WhatsAppCredentials {
  phoneNumberId: string;
  phoneNumber: string;
  accessToken: string;
}

export interface WhatsAppClientOptions {
  /** Graph API root with its version, e.g. https://graph.facebook.com/v21.0 (WHATSAPP_API_BASE_URL). */
  baseUrl: string;
  timeoutMs: number;
}

/** The Graph API's error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

/** The WhatsApp Cloud API over HTTP: sends messages and uploads media for one phone number id at a time. */
export class WhatsAppClient {
  private readonly baseUrl: string;

  constructor(private readonly options: WhatsAppClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async send(credentials: WhatsAppCredentials, to: string, content: OutboundContent): Promise<{ providerId: string }> {
    const body = await this.call(credentials, `/${encodeURIComponent(credentials.phoneNumberId)}/messages`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(messagePayload(to, content)),
    });
    const providerId = (body as { messages?: { id?: unknown }[] }).messages?.[0]?.id;
    if (typeof providerId !== 'string')
      throw new ProviderError('WhatsApp accepted the message but returned no message id', 0, 'Unexpected response');
    return { providerId };
  }

  async uploadMedia(
    credentials: WhatsAppCredentials,
    file: { data: Buffer; contentType: string; fileName: string },
  ): Promise<{ mediaId: string }> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.contentType);
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType }), file.fileName);
    const body = await this.call(credentials, `/${encodeURIComponent(credentials.phoneNumberId)}/media`, { body: form });
    const mediaId = (body as { id?: unknown }).id;
    if (typeof mediaId !== 'string')
      throw new ProviderError('WhatsApp accepted the upload but returned no media id', 0, 'Unexpected response');
    return { mediaId };
  }

  /** One authenticated POST; any failure becomes a ProviderError carrying the Graph API's code. */
  private async call(
    credentials: WhatsAppCredentials,
    path: string,
    init: { headers?: Record<string, string>; body: string | FormData },
  ): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...init.headers, authorization: `Bearer ${credentials.accessToken}` },
        body: init.body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError'
          ? `no answer within ${this.options.timeoutMs} ms`
          : (error as Error).message;
      throw new ProviderError(`WhatsApp could not be reached: ${reason}`, 0, 'Network error');
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = undefined;
    }
    if (!response.ok || body === undefined) {
      const error = (body as { error?: GraphError } | undefined)?.error ?? {};
      const message = [error.message ?? `HTTP ${response.status}`, error.error_data?.details].filter(Boolean).join(': ');
      throw new ProviderError(message, error.code ?? response.status, error.type ?? 'HTTP error', null, response.status);
    }
    return body;
  }
}
