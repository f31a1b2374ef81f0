import { z } from 'zod';
import { agentLanguages, providerNames, routingModes } from '../../modules/agents/agent-settings.js';

const captureFieldKey = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('name, email, phone, company, or the key of a contact custom field')
  .meta({ example: 'email' });

/** Agent settings on the wire: each optional on writes (absent keeps the value), all present on reads. */
export const agentSettingsShape = {
  instructions: z
    .string()
    .max(20_000)
    .describe('What the agent is for and how it should talk; required (non-empty) with the openai provider')
    .meta({ example: 'You answer questions for Casa Verde Realty. Be brief and friendly.' }),
  greeting: z.string().trim().min(1).max(2000).nullable().describe('First message when the agent starts a chat; null: none').meta({
    example: 'Hi! How can I help you today?',
  }),
  language: z.enum(agentLanguages).describe("Reply language: en, es, or auto (the customer's)").meta({ example: 'auto' }),
  provider: z
    .enum(providerNames, { error: 'must be builtin or openai' })
    .describe('builtin (no network, answers from the knowledge base) or openai (any OpenAI-compatible server set by LLM_BASE_URL)')
    .meta({ example: 'builtin' }),
  model: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .nullable()
    .describe('Model for the openai provider; null: the server default LLM_MODEL')
    .meta({ example: 'gpt-4o-mini' }),
  temperature: z.number().min(0).max(2).nullable().describe('Sampling temperature (0-2); null: the server default').meta({ example: 0.3 }),
  maxTokens: z.number().int().min(1).max(32_000).nullable().describe('Longest reply in tokens; null: the server default').meta({
    example: 500,
  }),
  captureFields: z
    .array(captureFieldKey)
    .max(20)
    .describe('Contact details the agent asks for, in order')
    .meta({ example: ['name', 'email', 'phone'] }),
  handoffKeywords: z
    .array(z.string().trim().min(1).max(100))
    .max(50)
    .describe('Words that hand the chat to a person on sight (explicit requests for a person always do)')
    .meta({ example: ['refund', 'complaint'] }),
  handoffAfterMisses: z
    .number()
    .int()
    .min(1)
    .max(20)
    .nullable()
    .describe('Hand off after this many consecutive questions the agent could not answer; null: never for that reason')
    .meta({ example: 3 }),
  replyDelayMs: z
    .number()
    .int()
    .min(0)
    .max(60_000)
    .describe("Wait after a customer's message before answering, so a burst of messages gets one answer")
    .meta({ example: 2000 }),
  enabled: z.boolean().describe('False: the agent stays silent').meta({ example: true }),
  fallbackMessage: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .describe('Sent when the provider fails for good (the chat is also handed off); null: hand off without a message')
    .meta({ example: 'Sorry, I am having trouble right now. A person from our team will reply soon.' }),
};

export const squadSettingsShape = {
  members: z
    .array(z.uuid({ error: 'must be an agent uuid' }))
    .max(50)
    .describe('Member agent uuids, in order')
    .meta({ example: ['0b7f9d8e-3c1a-4f5e-9d2b-6a8c7e1f0a3b'] }),
  routingMode: z
    .enum(routingModes)
    .describe('first: the first enabled member answers; round_robin: chats are spread over enabled members (a chat keeps its member)')
    .meta({ example: 'first' }),
  enabled: agentSettingsShape.enabled.describe('False: the squad stays silent'),
  replyDelayMs: agentSettingsShape.replyDelayMs,
};

export const agentSettingsKeys = Object.keys(agentSettingsShape) as (keyof typeof agentSettingsShape)[];
export const squadSettingsKeys = Object.keys(squadSettingsShape) as (keyof typeof squadSettingsShape)[];
