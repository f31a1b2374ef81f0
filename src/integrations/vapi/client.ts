import { providerRequest } from '../provider-http.js';

export interface VapiClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
}

/** What Vapi answers to POST /call (the fields we keep). */
export interface VapiCall {
  id: string;
  status: string;
  createdAt?: string;
}

/**
 * Vapi's REST API (https://docs.vapi.ai/api-reference/calls/create): outbound phone calls with
 * a transient assistant. Authenticated with the private key as a Bearer token.
 */
export class VapiClient {
  constructor(private readonly options: VapiClientOptions) {}

  async createCall(input: {
    assistant: Record<string, unknown>;
    phoneNumberId: string;
    customer: { number: string; name?: string };
    metadata: Record<string, unknown>;
  }): Promise<VapiCall> {
    const body = await providerRequest(
      'Vapi',
      `${this.options.baseUrl.replace(/\/$/, '')}/call`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ assistant: input.assistant, phoneNumberId: input.phoneNumberId, customer: input.customer, metadata: input.metadata }),
        timeoutMs: this.options.timeoutMs,
      },
      // Vapi errors: { message: string | string[], error: "Bad Request", statusCode }.
      (error) => (Array.isArray(error?.message) ? error.message.join('; ') : error?.message),
    );
    if (typeof body?.id !== 'string') throw new Error('Vapi answered POST /call without a call id');
    return { id: body.id, status: typeof body.status === 'string' ? body.status : 'queued', createdAt: body.createdAt };
  }
}
