/** A chat completions call with the retries compatible servers need: 429 and 5xx, honouring Retry-After. */

export interface ChatCompletionsOptions {
  baseUrl: string;
  apiKey?: string;
  timeoutMs: number;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /** First backoff delay; doubles per attempt. */
  baseDelayMs?: number;
  /** Longest wait between attempts, Retry-After included. */
  maxDelayMs?: number;
  /** How to wait (tests record the delays instead of sleeping them). */
  sleep?: (ms: number) => Promise<void>;
}

/** The server answered with an error status (after retries), or could not be reached. */
export class LlmRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly body: string,
  ) {
    super(message);
    this.name = 'LlmRequestError';
  }
}

/** The parts of a chat completion response read here; compatible servers vary in the rest. */
export interface ChatCompletion {
  choices?: { message?: { content?: unknown; tool_calls?: unknown } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Seconds or an HTTP date, as milliseconds from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+(\.\d+)?$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export async function postChatCompletions(
  options: ChatCompletionsOptions,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ChatCompletion> {
  const maxAttempts = options.maxAttempts ?? 3;
  const sleep = options.sleep ?? defaultSleep;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  let lastError: LlmRequestError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    let response: Response;
    try {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      lastError = new LlmRequestError(`LLM request failed: ${(error as Error).message}`, null, '');
      if (attempt < maxAttempts) await sleep(backoff(options, attempt, null));
      continue;
    }
    const text = await response.text();
    if (response.ok) {
      try {
        return JSON.parse(text) as ChatCompletion;
      } catch {
        throw new LlmRequestError('LLM answered with a body that is not JSON', response.status, text.slice(0, 2000));
      }
    }
    lastError = new LlmRequestError(`LLM answered ${response.status}: ${text.slice(0, 300)}`, response.status, text.slice(0, 2000));
    const retryable = response.status === 429 || response.status >= 500;
    if (!retryable || attempt === maxAttempts) throw lastError;
    await sleep(backoff(options, attempt, retryAfterMs(response.headers.get('retry-after'))));
  }
  throw lastError!;
}

function backoff(options: ChatCompletionsOptions, attempt: number, retryAfter: number | null): number {
  const max = options.maxDelayMs ?? 30_000;
  if (retryAfter !== null) return Math.min(retryAfter, max);
  const base = (options.baseDelayMs ?? 500) * 2 ** (attempt - 1);
  return Math.min(max, Math.round(base * (0.75 + Math.random() * 0.5)));
}
