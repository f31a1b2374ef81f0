import type { Database } from '../../db/client.js';
import { isValidTwilioSignature } from '../../integrations/twilio/signature.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { AppError } from '../../shared/errors.js';
import { SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import { applyCallProgress, type CallProgress } from './call-progress.js';
import * as repository from './calls.repository.js';
import { queueCallFollowUp } from './follow-up-jobs.js';

/** Twilio CallStatus → our status (and, for calls that never connected, why they ended). */
const statuses: Record<string, { status: string; endedReason?: string }> = {
  queued: { status: 'queued' },
  initiated: { status: 'queued' },
  ringing: { status: 'ringing' },
  'in-progress': { status: 'in-progress' },
  completed: { status: 'ended', endedReason: 'completed' },
  busy: { status: 'ended', endedReason: 'busy' },
  'no-answer': { status: 'ended', endedReason: 'no-answer' },
  canceled: { status: 'ended', endedReason: 'canceled' },
  failed: { status: 'failed', endedReason: 'failed' },
};

/** Twilio's status and recording callbacks of bridge calls (POST /webhooks/twilio/voice, form-encoded, signed). */
export class TwilioEvents {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly settings: { authToken: string | undefined; publicBaseUrl: string | undefined },
  ) {}

  async receive(raw: Buffer, path: string, signature: string | undefined): Promise<{ received: boolean; ignored?: string }> {
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) params[key] = value;
    const { authToken, publicBaseUrl } = this.settings;
    if (!authToken || !publicBaseUrl)
      throw new AppError('UNAUTHENTICATED', 'TWILIO_AUTH_TOKEN and PUBLIC_BASE_URL must be set to accept Twilio callbacks');
    // Twilio signs the URL it was given: PUBLIC_BASE_URL plus the path and query it called.
    if (!isValidTwilioSignature(authToken, signature, `${publicBaseUrl.replace(/\/$/, '')}${path}`, params))
      throw new AppError('UNAUTHENTICATED', 'Missing or wrong X-Twilio-Signature');
    const callSid = params.CallSid;
    if (!callSid) throw new AppError('VALIDATION_FAILED', 'CallSid is required', { field: 'CallSid' });
    return inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const row = await repository.findCallByProviderId(tx, 'twilio', callSid);
      if (!row) return { received: false, ignored: `no call with Twilio sid ${callSid}` };
      const tenant: Tenant = {
        workspaceId: row.workspaceId,
        workspaceUuid: (await repository.findWorkspaceUuid(tx, row.workspaceId))!,
        actor: SYSTEM_ACTOR,
      };
      const job = { workspaceId: row.workspaceId, callId: row.id };
      if (params.RecordingSid) {
        if (params.RecordingStatus && params.RecordingStatus !== 'completed') return { received: true };
        const duration = Number(params.RecordingDuration);
        await repository.upsertRecording(tx, row.workspaceId, row.id, {
          providerId: params.RecordingSid,
          providerName: 'twilio',
          url: params.RecordingUrl ?? '',
          startTime: params.RecordingStartTime ? new Date(params.RecordingStartTime) : null,
          duration: Number.isFinite(duration) ? duration : null,
          dualChannel: params.RecordingChannels === '2',
        });
        await queueCallFollowUp(transaction, this.jobs, job);
        return { received: true };
      }
      const mapped = statuses[params.CallStatus ?? ''];
      if (!mapped) throw new AppError('VALIDATION_FAILED', `Unknown CallStatus ${params.CallStatus}`, { field: 'CallStatus' });
      const at = params.Timestamp ? new Date(params.Timestamp) : new Date();
      const duration = params.CallDuration !== undefined ? Number(params.CallDuration) : undefined;
      const progress: CallProgress = { status: mapped.status, endedReason: mapped.endedReason };
      if (mapped.status === 'in-progress') progress.startTime = at;
      if (mapped.status === 'ended' || mapped.status === 'failed') {
        progress.endTime = at;
        if (duration !== undefined && Number.isFinite(duration)) progress.duration = duration;
      }
      const changed = await applyCallProgress(tx, tenant, row, progress);
      // A call that never connected has no recording to wait for.
      if (changed && (mapped.status === 'failed' || (mapped.status === 'ended' && !duration)))
        await queueCallFollowUp(transaction, this.jobs, job);
      return { received: true };
    });
  }
}
