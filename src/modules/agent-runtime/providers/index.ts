import type { Config } from '../../../config.js';
import type { AgentProvider } from '../provider.js';
import { BuiltinProvider } from './builtin.js';
import { OpenAiProvider } from './openai.js';

export type AgentProviders = Record<'builtin' | 'openai', AgentProvider | undefined>;

/** The providers this server can answer with: builtin always, openai when LLM_BASE_URL is set. */
export function createAgentProviders(
  config: Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS'>,
): AgentProviders {
  return {
    builtin: new BuiltinProvider(),
    openai: config.LLM_BASE_URL
      ? new OpenAiProvider({
          baseUrl: config.LLM_BASE_URL,
          apiKey: config.LLM_API_KEY,
          defaultModel: config.LLM_MODEL,
          timeoutMs: config.LLM_TIMEOUT_MS,
        })
      : undefined,
  };
}

export { BuiltinProvider, OpenAiProvider };
