import { invalid } from '../../shared/errors.js';
import type { VoiceAgentSettings } from './voice-agents.schemas.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** Fills `{{variable}}` placeholders in every text of the settings; a variable not given is a 400 naming it. */
export function fillVariables(settings: VoiceAgentSettings, variables: Record<string, unknown>): VoiceAgentSettings {
  const fill = (text: string): string =>
    text.replace(PLACEHOLDER, (_match, name: string) => {
      const value = variables[name];
      if (value === undefined || value === null) throw invalid(`contextVariables.${name}`, `the agent uses {{${name}}}; give it a value`);
      return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
    });
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return fill(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner)]));
    return value;
  };
  return walk(settings) as VoiceAgentSettings;
}

const languages: Record<string, { name: string; code: string }> = {
  CL: { name: 'Chilean Spanish', code: 'es' },
  MX: { name: 'Mexican Spanish', code: 'es' },
  CO: { name: 'Colombian Spanish', code: 'es' },
  PE: { name: 'Peruvian Spanish', code: 'es' },
  US: { name: 'American English', code: 'en' },
};

/** The system prompt of an AI call, composed from the agent's settings. */
export function systemPrompt(settings: VoiceAgentSettings, contact?: { firstName?: string; lastName?: string; company?: string }): string {
  const lines: string[] = [];
  const persona = settings.personality;
  lines.push(`You are ${persona?.name ?? 'an assistant'} making a phone call.`);
  if (persona?.communicationStyle) lines.push(`Communication style: ${persona.communicationStyle}.`);
  if (persona?.customTraits) lines.push(`Traits: ${persona.customTraits}`);
  if (settings.localization) lines.push(`Speak ${languages[settings.localization]!.name}, as people in ${settings.localization} do.`);
  lines.push('', 'Objectives of this call:', ...settings.objectives.map((objective, index) => `${index + 1}. ${objective}`));
  if (settings.taskSteps?.length) lines.push('', 'Steps:', ...settings.taskSteps.map((step, index) => `${index + 1}. ${step}`));
  if (settings.constraints?.length) lines.push('', 'Never break these rules:', ...settings.constraints.map((rule) => `- ${rule}`));
  if (contact && (contact.firstName || contact.lastName || contact.company)) {
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    lines.push('', `You are calling ${name || 'a contact'}${contact.company ? ` of ${contact.company}` : ''}.`);
  }
  if (settings.knowledgeBase) lines.push('', 'What you know:', settings.knowledgeBase);
  return lines.join('\n');
}

/**
 * Vapi's transient assistant for one call (POST /call `assistant`): model with the composed
 * system prompt, voice and transcriber from `providerConfig`, limits, and the server URL
 * where Vapi reports the call.
 */
export function composeAssistant(
  settings: VoiceAgentSettings,
  options: { name: string; serverUrl?: string; serverSecret?: string; contact?: Parameters<typeof systemPrompt>[1] },
): Record<string, unknown> {
  const config = settings.providerConfig ?? {};
  const language = languages[settings.localization ?? config.transcriber?.localization ?? 'US']!.code;
  const { localization: _localization, ...transcriber } = config.transcriber ?? {};
  return {
    name: options.name.slice(0, 40),
    ...(settings.firstMessage ? { firstMessage: settings.firstMessage } : {}),
    model: {
      provider: config.model?.model?.provider ?? 'openai',
      model: config.model?.model?.model ?? 'gpt-4o',
      ...(config.model?.temperature !== undefined ? { temperature: config.model.temperature } : {}),
      ...(config.model?.maxTokens !== undefined ? { maxTokens: config.model.maxTokens } : {}),
      messages: [{ role: 'system', content: systemPrompt(settings, options.contact) }],
    },
    ...(config.voice ? { voice: config.voice } : {}),
    transcriber: { provider: 'deepgram', model: 'nova-2', ...transcriber, language },
    ...(settings.maxDurationSeconds !== undefined ? { maxDurationSeconds: settings.maxDurationSeconds } : {}),
    ...(settings.silenceTimeoutSeconds !== undefined ? { silenceTimeoutSeconds: settings.silenceTimeoutSeconds } : {}),
    artifactPlan: { recordingEnabled: true },
    ...(options.serverUrl
      ? { server: { url: options.serverUrl, ...(options.serverSecret ? { headers: { 'x-vapi-secret': options.serverSecret } } : {}) } }
      : {}),
  };
}
