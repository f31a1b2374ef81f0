import { z } from 'zod';
import { localizations } from '../../modules/voice-agents/voice-agents.schemas.js';
import { numericId } from './params.js';

/** The v1 wire shapes of voice agents, calls, recordings and transcriptions (seed 003). */

export const e164 = (description: string) =>
  z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +14155550123')
    .describe(description)
    .meta({ example: '+14155550123' });

const record = z.record(z.string(), z.unknown());

export const personalitySchema = z
  .object({
    name: z.string().max(200).optional().meta({ example: 'Sofía' }),
    communicationStyle: z.string().max(200).optional().meta({ example: 'professional' }),
    customTraits: z.string().max(2000).optional(),
  })
  .describe('003 AgentCallPersonality')
  .meta({ id: 'AgentCallPersonality' });

export const providerConfigSchema = z
  .object({
    model: z
      .object({
        maxTokens: z.number().positive().optional(),
        temperature: z.number().min(0).max(2).optional(),
        model: z.object({ provider: z.string().optional(), model: z.string().optional() }).optional(),
      })
      .optional(),
    voice: z.looseObject({ provider: z.string().optional(), voiceId: z.string().optional() }).optional(),
    transcriber: z
      .looseObject({
        provider: z.string().optional(),
        model: z.string().optional(),
        localization: z.enum(localizations).optional(),
        keywords: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .describe('003 VapiProviderConfig: the assistant’s model, voice and transcriber on Vapi')
  .meta({ id: 'VapiProviderConfig' });

const agentSettings = {
  objectives: z.array(z.string().min(1).max(2000)).min(1).max(50).describe('What the call must achieve; {{variables}} allowed'),
  personality: personalitySchema.optional(),
  localization: z.enum(localizations).optional().describe('Country the agent speaks for: language and accent'),
  constraints: z.array(z.string().max(2000)).max(50).optional(),
  knowledgeBase: z.string().max(50_000).optional(),
  taskSteps: z.array(z.string().max(2000)).max(50).optional(),
  maxDurationSeconds: z.number().min(10).max(43_200).optional(),
  silenceTimeoutSeconds: z.number().min(10).max(3600).optional(),
  providerConfig: providerConfigSchema.optional(),
};

export const voiceAgentBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200).meta({ example: 'Lead qualifier' }),
    ...agentSettings,
    firstMessage: z
      .string()
      .max(2000)
      .optional()
      .describe('What the agent says first; {{variables}} allowed')
      .meta({ example: 'Hola {{customerFirstName}}' }),
    callerNumber: e164('Number shown to the callee').optional(),
  })
  .meta({
    id: 'VoiceAgentBody',
    example: {
      name: 'Lead qualifier',
      objectives: ['Confirm {{customerFirstName}} wants a demo', 'Book a time'],
      personality: { name: 'Sofía', communicationStyle: 'friendly' },
      localization: 'CL',
      firstMessage: 'Hola {{customerFirstName}}, soy Sofía de Acme',
    },
  });

export const voiceAgentSchema = voiceAgentBodySchema
  .extend({
    id: z.number(),
    tenantId: z.string(),
    version: z.number().describe('Bumped by every update'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'VoiceAgent' });

export const voiceAgentListSchema = z
  .object({ items: z.array(voiceAgentSchema), nextPageToken: z.string().nullable() })
  .meta({ id: 'VoiceAgentList' });

const contactInfo = z
  .object({
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
    company: z.string().max(200).optional(),
    additionalInfo: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'ContactInfo' });

export const adHocAgentCallSchema = z
  .object({
    toPhoneNumber: e164('Who to call'),
    fromPhoneNumber: e164('Number to show, when the Vapi number allows it').optional(),
    userId: z.number().int().positive().optional(),
    ...agentSettings,
    contactInfo: contactInfo.optional(),
    customData: record.optional(),
    provider: z.literal('vapi').optional(),
  })
  .meta({ id: 'AdHocAgentCall' });

export const savedAgentCallSchema = z
  .object({
    voiceAgentId: z.number().int().positive().describe('A voice agent of the workspace'),
    to: e164('Who to call'),
    contextVariables: z.record(z.string(), z.unknown()).describe('Values of the agent’s {{variables}}'),
    customData: record.optional(),
  })
  .meta({ id: 'SavedAgentCall' });

export const startAgentCallSchema = z.union([savedAgentCallSchema, adHocAgentCallSchema]).describe('003 StartAgentCall: either form');

export const bridgeCallSchema = z
  .object({
    from: e164('The team member’s number, called first (required until team members have phone numbers)').optional(),
    to: e164('The customer, dialled once the team member answers'),
    userId: z.number().int().positive().optional(),
    providerData: record.optional(),
    callCustomData: record.optional(),
  })
  .meta({ id: 'StartBridgeCall' });

export const createCallSchema = z
  .object({
    status: z.string().min(1).max(50),
    userId: z.number().int().positive().nullable(),
    metadata: z.unknown(),
    providerId: z.string().max(200).optional(),
    providerName: z.string().max(100).optional(),
    customData: z.unknown().optional(),
    funnelConversationId: z.number().int().positive().optional(),
    sessionId: z.number().int().positive().optional(),
    from: e164('Caller'),
    to: e164('Callee'),
    redirectedTo: z.string().max(50).nullable().optional(),
    duration: z.number().min(0).nullable(),
    direction: z.enum(['outgoing', 'incoming']),
    startTime: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
    teamId: z.number().int().positive().nullable().optional(),
  })
  .meta({
    id: 'CreateCall',
    example: {
      status: 'ended',
      userId: 12,
      metadata: { source: 'pbx' },
      from: '+14155550100',
      to: '+14155550101',
      duration: 74,
      direction: 'outgoing',
      startTime: '2026-01-05T10:00:00Z',
    },
  });

export const callSchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    providerId: z.string().nullable(),
    providerName: z.string().nullable(),
    funnelConversationId: z.number().nullable(),
    sessionId: z.number().nullable(),
    userId: z.number().nullable(),
    contactId: z.number().nullable(),
    opportunityId: z.number().nullable(),
    analysisConfigId: z.number().nullable(),
    teamId: z.number().nullable(),
    from: z.string().nullable(),
    to: z.string(),
    redirectedTo: z.string().nullable(),
    duration: z.number().nullable().describe('Seconds'),
    direction: z.string().describe('outgoing or incoming'),
    status: z.string().describe('queued, ringing, in-progress, forwarding, ended or failed'),
    startTime: z.string().nullable(),
    metadata: z.unknown().describe('Provider facts: endedReason, cost, endTime, summary, providerError, voiceAgentId…'),
    customData: z.unknown(),
    agentScore: z.number().nullable().describe('0–100 against the objectives'),
    category: z.string().nullable().describe('interested, not interested, callback, voicemail, wrong number, no answer, failed or other'),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastUpdateSequence: z.number().describe('Changes applied so far; never goes back'),
  })
  .meta({ id: 'Call' });

export const callListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  pageToken: z.string().regex(/^\d+$/, 'must be a pageToken from a previous page').optional(),
  contactId: numericId('Calls with this contact').optional(),
  userId: numericId('Calls of this team member').optional(),
  status: z.string().max(50).optional(),
  direction: z.enum(['outgoing', 'incoming']).optional(),
  startAfter: z.iso.datetime({ offset: true }).optional().describe('Started (or created) at or after'),
  startBefore: z.iso.datetime({ offset: true }).optional().describe('Started (or created) at or before'),
});

export const callListSchema = z
  .object({ items: z.array(callSchema), totalCount: z.number(), nextPageToken: z.string().nullable() })
  .meta({ id: 'CallList' });

export const recordingSchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    callId: z.number(),
    providerId: z.string().nullable(),
    providerName: z.string().nullable(),
    callProviderId: z.string().nullable(),
    callProviderName: z.string().nullable(),
    url: z.string(),
    startTime: z.string().nullable(),
    duration: z.number().nullable(),
    dualChannel: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Recording' });

export const transcriptionSchema = z
  .object({
    id: z.number(),
    tenantId: z.string(),
    providerId: z.string().nullable(),
    providerName: z.string().nullable(),
    recordingId: z.number().nullable(),
    url: z.string().nullable(),
    text: z.string().nullable(),
    status: z.string().describe('completed, unavailable (no recording and no provider transcript), failed, or pending'),
    utterances: z.array(z.object({ speaker: z.string(), text: z.string(), start: z.number().nullable(), end: z.number().nullable() })),
    summary: z.string().nullable().describe('The after-call summary'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Transcription' });

export const loadRecordingSchema = z
  .object({
    userId: z.number().int().positive(),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL of the audio' }),
    callTo: e164('Callee').optional(),
    callFrom: e164('Caller').optional(),
    callDirection: z.enum(['outgoing', 'incoming']).optional(),
    callStartTime: z.iso.datetime({ offset: true }).optional(),
  })
  .meta({ id: 'LoadRecording' });
