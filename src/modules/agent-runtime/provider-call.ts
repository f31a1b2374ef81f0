import type { AgentProvider, ProviderReply, TurnContext } from './provider.js';

export interface ProviderCallOptions {
  /** Each try is abandoned after this long. */
  timeoutMs: number;
  /** Tries in all, the first included. */
  attempts: number;
  /** Wait before the second try; doubled for each later one. */
  retryBaseMs: number;
}

export type ProviderOutcome =
  | { ok: true; reply: ProviderReply; attempts: number; latencyMs: number }
  | { ok: false; error: string; attempts: number; latencyMs: number };

/** Asks the provider for a reply, each try under a timeout, retrying failures with backoff; never throws. */
export async function callProvider(provider: AgentProvider, context: TurnContext, options: ProviderCallOptions): Promise<ProviderOutcome> {
  const started = performance.now();
  let lastError = 'no attempt made';
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    try {
      const reply = await withTimeout(options.timeoutMs, (signal) => provider.reply(context, { signal }));
      return { ok: true, reply, attempts: attempt, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      lastError = `try ${attempt}: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (attempt < options.attempts) await sleep(options.retryBaseMs * 2 ** (attempt - 1));
  }
  return { ok: false, error: lastError, attempts: options.attempts, latencyMs: Math.round(performance.now() - started) };
}

/** Runs `work` with an AbortSignal that fires after `ms`, and rejects then even if `work` ignores the signal. */
export async function withTimeout<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`the provider did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
