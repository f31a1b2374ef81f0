import type { Config } from '../../config.js';
import { analyzeCallByRules, type CallAnalyzer } from './call-analysis.js';
import { llmCallAnalyzer } from './call-analysis-llm.js';

/** The configured LLM when LLM_BASE_URL is set (model LLM_MODEL, else gpt-4o-mini), else the rules. */
export function callAnalyzerFor(config: Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS'>): CallAnalyzer {
  if (!config.LLM_BASE_URL) return analyzeCallByRules;
  return llmCallAnalyzer({
    baseUrl: config.LLM_BASE_URL,
    apiKey: config.LLM_API_KEY,
    timeoutMs: config.LLM_TIMEOUT_MS,
    model: config.LLM_MODEL ?? 'gpt-4o-mini',
  });
}
