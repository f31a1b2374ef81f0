/** 003's EmployeePersonalityLocalization: the country an agent speaks for (language and accent). */
export const localizations = ['CL', 'MX', 'CO', 'PE', 'US'] as const;
export type Localization = (typeof localizations)[number];

export interface Personality {
  name?: string;
  communicationStyle?: string;
  customTraits?: string;
}

/** 003's VapiProviderConfig: passed to Vapi as the assistant's model, voice and transcriber. */
export interface VapiProviderConfig {
  model?: { maxTokens?: number; temperature?: number; model?: { provider?: string; model?: string } };
  voice?: Record<string, unknown> & { provider?: string; voiceId?: string };
  transcriber?: Record<string, unknown> & { provider?: string; model?: string; localization?: Localization; keywords?: string[] };
}

/** What an AI call is made of, for a saved voice agent and an ad-hoc call alike. Text may hold {{variables}}. */
export interface VoiceAgentSettings {
  objectives: string[];
  personality?: Personality;
  localization?: Localization;
  constraints?: string[];
  knowledgeBase?: string;
  taskSteps?: string[];
  maxDurationSeconds?: number;
  silenceTimeoutSeconds?: number;
  firstMessage?: string;
  /** E.164 number shown to the callee, when the Vapi phone number allows it. */
  callerNumber?: string;
  providerConfig?: VapiProviderConfig;
}

export interface VoiceAgent extends VoiceAgentSettings {
  id: number;
  tenantId: string;
  name: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
