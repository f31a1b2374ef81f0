import { z } from 'zod';
import { providerRequest } from '../provider-http.js';

const callSchema = z.object({ id: z.string(), status: z.string().default('queued'), createdAt: z.string().optional() });
/** Vapi errors: `{ message: string | string[], error: "Bad Request", statusCode }`. */
const errorSchema = z
  .object({ message: z.union([z.string(), z.array(z.string())]) })
  .transform((error) => (Array.isArray(error.message) ? error.message.join('; ') : error.message));

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
    return providerRequest(
      'Vapi',
      `${this.options.baseUrl.replace(/\/$/, '')}/call`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          assistant: input.assistant,
          phoneNumberId: input.phoneNumberId,
          customer: input.customer,
          metadata: input.metadata,
        }),
        timeoutMs: this.options.timeoutMs,
      },
      { ok: callSchema, error: errorSchema },
    );
  }
}
