import { z } from 'zod';
import type { RejectedToolCall, ToolCall, ToolName } from './provider.js';

const shortText = z.string().trim().min(1).max(500);

/**
 * The arguments of every tool a provider may propose, checked before the runtime applies
 * anything: a call that fails here is rejected whole, so a capture is never half written.
 */
export const toolArgumentSchemas = {
  capture_contact: z
    .object({
      name: z.string().trim().min(1).max(200).optional().describe("The customer's full name"),
      email: z.email().max(320).optional().describe("The customer's email address"),
      phone: z.string().trim().min(5).max(40).optional().describe("The customer's phone number, with country code if given"),
      company: z.string().trim().min(1).max(200).optional().describe('The company the customer works for or represents'),
      customFields: z.record(z.string(), z.string().max(1000)).optional().describe('Other requested details, by field key'),
    })
    .refine((value) => Object.values(value).some((field) => field !== undefined), 'give at least one detail'),
  handoff_to_human: z.object({
    reason: shortText.optional().describe('Why a person should take over'),
    summary: z.string().max(2000).optional().describe("The customer's request and what is known, for the person"),
  }),
  create_task: z.object({
    title: z.string().trim().min(1).max(300).describe('What a team member should do'),
    description: z.string().max(2000).optional(),
    dueAt: z.iso.datetime({ offset: true }).optional().describe('When it is due (ISO 8601)'),
  }),
  close_chat: z.object({ reason: shortText.optional().describe('Why the conversation is over') }),
  search_knowledge: z.object({ query: shortText.describe('What to look up in the knowledge base') }),
} satisfies Record<ToolName, z.ZodType>;

const descriptions: Record<ToolName, string> = {
  capture_contact: 'Record contact details the customer gave in this conversation (only what they actually said).',
  handoff_to_human: 'Hand the conversation to a person from the team (the customer asked for one, or you cannot help).',
  create_task: 'Create a follow-up task for the team (a callback, a quote to send, a visit to book).',
  close_chat: 'Close the conversation when the customer is done.',
  search_knowledge: 'Search the knowledge base.',
};

/** Tools offered to a chat completions model (knowledge is given as context, so no search tool). */
export const OFFERED_TOOLS: ToolName[] = ['capture_contact', 'handoff_to_human', 'create_task', 'close_chat'];

/** The OpenAI `tools` array for the offered tools. */
export function openAiTools(): unknown[] {
  return OFFERED_TOOLS.map((name) => {
    const { $schema: _schema, ...parameters } = z.toJSONSchema(toolArgumentSchemas[name], { io: 'input' }) as Record<string, unknown>;
    return { type: 'function', function: { name, description: descriptions[name], parameters } };
  });
}

export function toolDescriptions(): string {
  return OFFERED_TOOLS.map((name) => `- ${name}: ${descriptions[name]}`).join('\n');
}

/** Checks a proposed call: a ToolCall with parsed arguments, or why it was rejected. */
export function checkToolCall(
  id: string,
  name: string,
  rawArguments: unknown,
): { call: ToolCall; rejected?: undefined } | { call?: undefined; rejected: RejectedToolCall } {
  const raw = typeof rawArguments === 'string' ? rawArguments : JSON.stringify(rawArguments ?? {});
  if (!Object.hasOwn(toolArgumentSchemas, name)) return { rejected: { name, raw, error: `unknown tool "${name}"` } };
  let value: unknown = rawArguments ?? {};
  if (typeof rawArguments === 'string') {
    try {
      value = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
    } catch (error) {
      return { rejected: { name, raw, error: `arguments are not valid JSON: ${(error as Error).message}` } };
    }
  }
  const parsed = toolArgumentSchemas[name as ToolName].safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');
    return { rejected: { name, raw, error: `arguments failed validation: ${problems}` } };
  }
  return { call: { id, name: name as ToolName, arguments: parsed.data as Record<string, unknown> } };
}
