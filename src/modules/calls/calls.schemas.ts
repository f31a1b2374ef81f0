import type { Utterance } from '../../integrations/deepgram/client.js';

/** 003's call. */
export interface Call {
  id: number;
  tenantId: string;
  providerId: string | null;
  providerName: string | null;
  funnelConversationId: number | null;
  sessionId: number | null;
  userId: number | null;
  contactId: number | null;
  opportunityId: number | null;
  analysisConfigId: number | null;
  teamId: number | null;
  from: string | null;
  to: string;
  redirectedTo: string | null;
  duration: number | null;
  direction: string;
  status: string;
  startTime: Date | null;
  metadata: unknown;
  customData: unknown;
  agentScore: number | null;
  category: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastUpdateSequence: number;
}

/** 003's recording. */
export interface Recording {
  id: number;
  tenantId: string;
  callId: number;
  providerId: string | null;
  providerName: string | null;
  callProviderId: string | null;
  callProviderName: string | null;
  url: string;
  startTime: Date | null;
  duration: number | null;
  dualChannel: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** 003's transcription, plus what 003 leaves out: the status, the speakers' turns and the analysis. */
export interface Transcription {
  id: number;
  tenantId: string;
  providerId: string | null;
  providerName: string | null;
  recordingId: number | null;
  url: string | null;
  text: string | null;
  status: string;
  utterances: Utterance[];
  summary: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Call statuses in the order a call moves through them; any end is final. */
export const callStatusRank: Record<string, number> = {
  queued: 0,
  ringing: 1,
  'in-progress': 2,
  forwarding: 3,
  ended: 4,
  failed: 4,
};

export const isFinalStatus = (status: string) => (callStatusRank[status] ?? 0) >= 4;

/** What after-call analysis files a call under. */
export const callCategories = [
  'interested',
  'not interested',
  'callback',
  'voicemail',
  'wrong number',
  'no answer',
  'failed',
  'other',
] as const;
export type CallCategory = (typeof callCategories)[number];
