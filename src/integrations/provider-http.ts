import type { z } from 'zod';

/** A provider (Vapi, Twilio, Deepgram) refused a request, was unreachable, or answered nonsense. */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    /** The provider's HTTP status; undefined when it could not be reached. */
    readonly status?: number,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }
}

/**
 * One HTTP call to a provider, answered as parsed JSON. A non-2xx answer, a timeout or a
 * network failure is a ProviderError carrying the provider's own message when it gave one.
 */
export async function providerRequest<T>(
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
  schemas: { ok: z.ZodType<T>; error: z.ZodType<string | undefined> },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${init.timeoutMs} ms` : String(error);
    throw new ProviderError(provider, `unreachable (${reason})`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const read = schemas.error.safeParse(body);
    const message = (read.success ? read.data : undefined) ?? (text.slice(0, 300) || response.statusText);
    throw new ProviderError(provider, `HTTP ${response.status}: ${message}`, response.status);
  }
  const parsed = schemas.ok.safeParse(body);
  if (!parsed.success)
    throw new ProviderError(
      provider,
      `HTTP ${response.status} with an unexpected body: ${parsed.error.issues[0]?.message ?? ''}`,
      response.status,
    );
  return parsed.data;
}
