import type { Tenant } from '../../shared/tenant.js';
import type { CallRow, RecordingRow, TranscriptionRow } from './calls.repository.js';
import type { Call, Recording, Transcription } from './calls.schemas.js';

export function toCall(tenant: Tenant, row: CallRow): Call {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    providerId: row.providerId,
    providerName: row.providerName,
    funnelConversationId: row.funnelConversationId,
    sessionId: row.sessionId,
    userId: row.userId,
    contactId: row.contactId,
    opportunityId: row.opportunityId,
    analysisConfigId: row.analysisConfigId,
    teamId: row.teamId,
    from: row.from,
    to: row.to,
    redirectedTo: row.redirectedTo,
    duration: row.duration,
    direction: row.direction,
    status: row.status,
    startTime: row.startTime,
    metadata: {
      ...(isObject(row.metadata) ? row.metadata : row.metadata === null ? {} : { value: row.metadata }),
      ...(row.endedReason ? { endedReason: row.endedReason } : {}),
      ...(row.cost !== null ? { cost: row.cost } : {}),
      ...(row.endTime ? { endTime: row.endTime.toISOString() } : {}),
      ...(row.summary ? { summary: row.summary } : {}),
      ...(row.providerError ? { providerError: row.providerError } : {}),
      ...(row.voiceAgentId !== null ? { voiceAgentId: row.voiceAgentId, voiceAgentVersion: row.voiceAgentVersion } : {}),
    },
    customData: row.customData,
    agentScore: row.agentScore,
    category: row.category,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastUpdateSequence: row.lastUpdateSequence,
  };
}

export function toRecording(tenant: Tenant, call: CallRow, row: RecordingRow): Recording {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    callId: row.callId,
    providerId: row.providerId,
    providerName: row.providerName,
    callProviderId: call.providerId,
    callProviderName: call.providerName,
    url: row.url,
    startTime: row.startTime,
    duration: row.duration,
    dualChannel: row.dualChannel,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toTranscription(tenant: Tenant, call: CallRow, row: TranscriptionRow): Transcription {
  return {
    id: row.id,
    tenantId: tenant.workspaceUuid,
    providerId: row.providerId,
    providerName: row.providerName,
    recordingId: row.recordingId,
    url: row.url,
    text: row.text,
    status: row.status,
    utterances: row.utterances,
    summary: call.summary,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
