import { z } from 'zod';
import { LlmRequestError, postChatCompletions, type ChatCompletionsOptions } from '../agent-runtime/providers/openai-client.js';
import { analyzeCallByRules, type CallAnalyzer } from './call-analysis.js';
import { callCategories } from './calls.schemas.js';

const answerSchema = z.object({
  summary: z.string().min(1).max(4000),
  agentScore: z.coerce.number().min(0).max(100),
  category: z.enum(callCategories),
  callbackAt: z.iso.datetime({ offset: true }).nullish(),
});

const INSTRUCTIONS = [
  'You review finished sales and support phone calls.',
  'Answer with one JSON object only: {"summary": string, "agentScore": number, "category": string, "callbackAt": string | null}.',
  'summary: two or three sentences on what was said and agreed, in the language of the call.',
  'agentScore: 0 to 100, how well the agent met the objectives.',
  `category: one of ${callCategories.map((category) => `"${category}"`).join(', ')}.`,
  'callbackAt: when the contact asked to be called back (ISO 8601), else null.',
].join('\n');

/**
 * Analysis by the configured OpenAI-compatible model (LLM_BASE_URL, LLM_MODEL). A model that
 * cannot be reached or answers something unreadable falls back to the rules, with the reason
 * in the summary, so a call is never left unanalysed by an outage.
 */
export function llmCallAnalyzer(options: ChatCompletionsOptions & { model: string }): CallAnalyzer {
  return async (facts) => {
    let reason: string;
    try {
      const completion = await postChatCompletions(options, {
        model: options.model,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: INSTRUCTIONS },
          {
            role: 'user',
            content: JSON.stringify({
              objectives: facts.objectives,
              status: facts.status,
              endedReason: facts.endedReason,
              durationSeconds: facts.duration,
              transcript: facts.transcript.slice(0, 60_000),
            }),
          },
        ],
      });
      const content = completion.choices?.[0]?.message?.content;
      const parsed = answerSchema.safeParse(typeof content === 'string' ? parseJson(content) : undefined);
      if (parsed.success) {
        const { callbackAt, ...analysis } = parsed.data;
        return { ...analysis, ...(callbackAt ? { callbackAt: new Date(callbackAt) } : {}) };
      }
      reason = 'the model did not answer the expected JSON';
    } catch (error) {
      if (!(error instanceof LlmRequestError)) throw error;
      reason = error.message;
    }
    const fallback = await analyzeCallByRules(facts);
    return { ...fallback, summary: `${fallback.summary} (Analysed by rules: ${reason}.)` };
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return undefined;
  }
}
