import type { AgentProvider, ProviderReply, RejectedToolCall, ToolCall, TurnContext } from '../provider.js';
import { openAiTools, toolDescriptions } from '../tools.js';
import { LlmRequestError, postChatCompletions, type ChatCompletionsOptions } from './openai-client.js';
import { parseAssistantMessage } from './openai-response.js';

export interface OpenAiProviderOptions extends ChatCompletionsOptions {
  /** LLM_MODEL: used when the agent names no model. */
  defaultModel?: string;
}

type ChatMessage = Record<string, unknown>;

/** How many times a turn may go back to the model with tool results to get its text. */
const MAX_ROUNDS = 2;

/**
 * Any OpenAI-compatible `/chat/completions` (OpenAI, Ollama, vLLM, llama.cpp, LM Studio).
 * Knowledge goes in the system message; tools let the model capture, hand off, create tasks
 * and close. What compatible servers get wrong is tolerated here (see openai-response.ts).
 */
export class OpenAiProvider implements AgentProvider {
  readonly name = 'openai' as const;
  /** Set once the server refused `tools`: later turns describe the tools in the prompt instead. */
  private toolsRefused = false;

  constructor(private readonly options: OpenAiProviderOptions) {}

  async reply(context: TurnContext, { signal }: { signal?: AbortSignal } = {}): Promise<ProviderReply> {
    const model = this.modelOf(context);
    const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(context) }, ...history(context)];
    const toolCalls: ToolCall[] = [];
    const rejectedToolCalls: RejectedToolCall[] = [];
    const usage = { promptTokens: 0, completionTokens: 0 };
    let counted = false;
    let text: string | null = null;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const response = await this.complete(context, model, messages, signal);
      if (response.usage) {
        counted = true;
        usage.promptTokens += Number(response.usage.prompt_tokens ?? 0);
        usage.completionTokens += Number(response.usage.completion_tokens ?? 0);
      }
      const message = response.choices?.[0]?.message ?? {};
      const parsed = parseAssistantMessage(message, `${round}`);
      toolCalls.push(...parsed.toolCalls);
      rejectedToolCalls.push(...parsed.rejectedToolCalls);
      text = parsed.text;
      const handedOff = parsed.toolCalls.some((call) => call.name === 'handoff_to_human' || call.name === 'close_chat');
      if (text !== null || parsed.toolCalls.length === 0 || handedOff) break;
      // Tool calls and no words: give the results back so the model writes its reply.
      // Arguments always go back as JSON strings, whatever shape the server sent them in.
      messages.push({
        role: 'assistant',
        content: null,
        tool_calls: parsed.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: JSON.stringify(call.arguments) },
        })),
      });
      for (const call of parsed.toolCalls) messages.push({ role: 'tool', tool_call_id: call.id, content: '{"ok":true}' });
    }
    return {
      text,
      toolCalls,
      rejectedToolCalls,
      answered: text !== null && text.trim() !== '',
      model,
      usage: counted ? usage : null,
    };
  }

  async summarize(context: TurnContext, { signal }: { signal?: AbortSignal } = {}): Promise<string> {
    const transcript = context.messages.map((message) => `${message.role}: ${message.text}`).join('\n');
    const known = Object.entries(context.known)
      .map(([key, value]) => `${key}: ${value}`)
      .join('; ');
    const body = {
      model: this.modelOf(context),
      messages: [
        {
          role: 'system',
          content:
            'Summarize this customer conversation for the team member taking it over, in two or three sentences: what the customer wants, and the contact details known.',
        },
        { role: 'user', content: `${transcript}\n\nKnown details: ${known || 'none'}` },
      ],
    };
    const response = await postChatCompletions(this.options, body, signal);
    const content = response.choices?.[0]?.message?.content;
    return typeof content === 'string' ? content.trim() : '';
  }

  private modelOf(context: TurnContext): string {
    const model = context.agent.model ?? this.options.defaultModel;
    if (!model) throw new LlmRequestError('no model: the agent names none and LLM_MODEL is not set', null, '');
    return model;
  }

  /** One completion; a server that refuses `tools` is asked again without them. */
  private async complete(context: TurnContext, model: string, messages: ChatMessage[], signal?: AbortSignal) {
    const body: Record<string, unknown> = { model, messages };
    if (context.agent.temperature !== null) body.temperature = context.agent.temperature;
    if (context.agent.maxTokens !== null) body.max_tokens = context.agent.maxTokens;
    if (!this.toolsRefused) {
      try {
        return await postChatCompletions(this.options, { ...body, tools: openAiTools(), tool_choice: 'auto' }, signal);
      } catch (error) {
        if (!refusesTools(error)) throw error;
        this.toolsRefused = true;
      }
    }
    return postChatCompletions(this.options, { ...body, messages: withToolsInPrompt(messages) }, signal);
  }
}

function refusesTools(error: unknown): boolean {
  return (
    error instanceof LlmRequestError &&
    error.status !== null &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 429 &&
    /tool|function/i.test(error.body)
  );
}

/** Without native tools the model is told to write calls as `<tool_call>` blocks, which are parsed back. */
function withToolsInPrompt(messages: ChatMessage[]): ChatMessage[] {
  const [system, ...rest] = messages;
  const addition = `\n\nYou can call these tools by writing <tool_call>{"name": "...", "arguments": {...}}</tool_call>:\n${toolDescriptions()}`;
  return [
    { ...system, content: `${String(system!.content)}${addition}` },
    ...rest.filter((message) => message.role !== 'tool' && !message.tool_calls),
  ];
}

const LANGUAGE_RULE = {
  en: 'Always reply in English.',
  es: 'Responde siempre en español.',
  auto: "Reply in the customer's language.",
};

export function systemPrompt(context: TurnContext): string {
  const { agent } = context;
  const missing = agent.captureFields.filter((field) => !context.known[field]);
  const known = Object.entries(context.known).filter(([, value]) => value);
  const parts = [
    `You are ${agent.name}, answering customers in a chat.`,
    agent.instructions.trim(),
    LANGUAGE_RULE[agent.language],
    'Answer only from the knowledge below and the conversation; if the answer is not there, say so honestly and offer a person from the team.',
    'When the customer asks for a person, call handoff_to_human.',
    missing.length > 0
      ? `Politely ask for these details when it fits, one at a time: ${missing.join(', ')}. When the customer gives any, call capture_contact with exactly what they said.`
      : '',
    known.length > 0 ? `Already known about the customer: ${known.map(([key, value]) => `${key}: ${value}`).join('; ')}.` : '',
    context.passages.length > 0
      ? `Knowledge:\n${context.passages.map((passage, index) => `[${index + 1}] ${passage.title}\n${passage.text}`).join('\n\n')}`
      : 'Knowledge: nothing relevant was found for this message.',
  ];
  return parts.filter(Boolean).join('\n\n');
}

function history(context: TurnContext): ChatMessage[] {
  return context.messages.map((message) => ({
    role: message.role === 'customer' ? 'user' : 'assistant',
    content: message.role === 'operator' ? `(a team member wrote) ${message.text}` : message.text,
  }));
}
