import type { Executor } from '../../db/client.js';
import type { Tenant } from '../../shared/tenant.js';
import { insertEvent } from '../events/events.repository.js';
import type { Call, Transcription } from './calls.schemas.js';

/** The voice events and their payloads (webhooks and SSE deliver them). */
export interface CallEventPayloads {
  'call.created': Call;
  'call.updated': Call;
  /** Once per call, when it reaches a final status. */
  'call.ended': Call;
  'transcription.completed': Transcription & { callId: number; category: string | null; agentScore: number | null };
}

/** Records a voice event in the caller's transaction. */
export async function recordCallEvent<T extends keyof CallEventPayloads>(
  db: Executor,
  tenant: Tenant,
  type: T,
  payload: CallEventPayloads[T],
): Promise<void> {
  await insertEvent(db, tenant.workspaceId, type, JSON.parse(JSON.stringify(payload)));
}
