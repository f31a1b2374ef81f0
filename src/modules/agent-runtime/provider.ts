/**
 * The one small interface between the agent runtime and the models that answer: the embedded
 * `builtin` provider (retrieval + extraction, no network) and `openai` (any OpenAI-compatible
 * `/chat/completions`). The runtime builds a TurnContext, asks for a reply, and applies the
 * tool calls through the domain services; providers never touch the database.
 */

export type AgentLanguage = 'en' | 'es' | 'auto';

/** The contact fields an agent can be told to capture, plus contact custom field keys. */
export type CaptureFieldName = 'name' | 'email' | 'phone' | 'company' | (string & {});

export interface TurnMessage {
  /** `customer` is the contact; `agent` an AI reply; `operator` a team member's reply. */
  role: 'customer' | 'agent' | 'operator';
  text: string;
  at: Date;
}

export interface KnowledgePassage {
  documentId: string;
  title: string;
  text: string;
  /** PostgreSQL ts_rank_cd of the passage for the customer's words; higher is better. */
  rank: number;
}

export interface TurnAgent {
  name: string;
  instructions: string;
  language: AgentLanguage;
  model: string | null;
  temperature: number | null;
  maxTokens: number | null;
  captureFields: CaptureFieldName[];
  /** Keywords that hand off on sight (besides explicit requests, which always do). */
  handoffKeywords: string[];
  /** Hand off after this many consecutive turns the agent could not answer; null: never. */
  handoffAfterMisses: number | null;
}

export interface TurnContext {
  agent: TurnAgent;
  /** Oldest first; the last ones are the customer messages this turn answers. */
  messages: TurnMessage[];
  /** What is already known of the contact (CRM fields and earlier captures). */
  known: Partial<Record<CaptureFieldName, string>>;
  /** Retrieved for the customer's latest words, best first. */
  passages: KnowledgePassage[];
  /** Consecutive earlier turns that had no answer (for `handoffAfterMisses`). */
  misses: number;
  /** ISO 3166 country for phone numbers written without a country code. */
  defaultPhoneCountry: string;
}

export type ToolName = 'capture_contact' | 'handoff_to_human' | 'create_task' | 'close_chat' | 'search_knowledge';

export interface ToolCall {
  id: string;
  name: ToolName;
  arguments: Record<string, unknown>;
}

/** A tool call the provider proposed that could not be used (unknown tool, bad JSON, bad arguments). */
export interface RejectedToolCall {
  name: string;
  raw: string;
  error: string;
}

export interface ProviderReply {
  /** The text to send to the customer; null when the turn only acts (e.g. a silent handoff). */
  text: string | null;
  toolCalls: ToolCall[];
  rejectedToolCalls: RejectedToolCall[];
  /** False when the provider found nothing to answer with (counts as a miss). */
  answered: boolean;
  model: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

export interface AgentProvider {
  readonly name: 'builtin' | 'openai';
  reply(context: TurnContext, options: { signal?: AbortSignal }): Promise<ProviderReply>;
  /** A ticket summary at handoff: the customer's request and the captured details. */
  summarize(context: TurnContext, options: { signal?: AbortSignal }): Promise<string>;
}
