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
export async function providerRequest(
  provider: string,
  url: string,
  init: RequestInit & { timeoutMs: number },
  readError: (body: any) => string | undefined,
): Promise<any> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${init.timeoutMs} ms` : String(error);
    throw new ProviderError(provider, `unreachable (${reason})`);
  }
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body !== undefined ? readError(body) : undefined) ?? (text.slice(0, 300) || response.statusText);
    throw new ProviderError(provider, `HTTP ${response.status}: ${message}`, response.status);
  }
  if (body === undefined) throw new ProviderError(provider, `HTTP ${response.status} without a JSON body`, response.status);
  return body;
}
