import { timingSafeEqual } from 'node:crypto';
import type { Database, Executor } from '../../db/client.js';
import { vapiServerMessageSchema, type VapiServerMessage, type VapiSpokenMessage } from '../../integrations/vapi/server-message.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { AppError } from '../../shared/errors.js';
import { SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import type { Utterance } from '../../integrations/deepgram/client.js';
import { applyCallProgress } from './call-progress.js';
import * as repository from './calls.repository.js';
import { queueCallFollowUp } from './follow-up-jobs.js';
import { answerToolCalls, type ToolCallResult } from './voice-tools.js';

const vapiStatuses = new Set(['queued', 'ringing', 'in-progress', 'forwarding', 'ended']);

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

/** Vapi's server messages (POST /webhooks/vapi): `{ message: { type, call, … } }`. */
export class VapiEvents {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly secret: string | undefined,
  ) {}

  /** Vapi sends the secret as X-Vapi-Secret (server.secret or a header) or as a Bearer credential. */
  authenticate(headers: Record<string, string | string[] | undefined>): void {
    const given = headerOf(headers, 'x-vapi-secret') ?? headerOf(headers, 'authorization')?.replace(/^Bearer\s+/i, '');
    if (!this.secret) throw new AppError('UNAUTHENTICATED', 'VAPI_WEBHOOK_SECRET is not configured: every Vapi message is refused');
    const expected = Buffer.from(this.secret);
    if (!given || Buffer.byteLength(given) !== expected.length || !timingSafeEqual(Buffer.from(given), expected))
      throw new AppError('UNAUTHENTICATED', 'Missing or wrong X-Vapi-Secret');
  }

  async receive(raw: Buffer): Promise<{ received: boolean; ignored?: string } | { results: ToolCallResult[] }> {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new AppError('VALIDATION_FAILED', 'The body is not JSON', { field: 'body' });
    }
    const parsed = vapiServerMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'message';
      throw new AppError('VALIDATION_FAILED', `${field}: ${issue?.message ?? 'invalid'}`, { field });
    }
    const message = parsed.data.message;
    const providerId = message.call?.id;
    if (!providerId) return { received: false, ignored: 'the message names no call' };
    return inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const row = await repository.findCallByProviderId(tx, 'vapi', providerId);
      if (!row) return { received: false, ignored: `no call with Vapi id ${providerId}` };
      const workspaceUuid = (await repository.findWorkspaceUuid(tx, row.workspaceId))!;
      const tenant: Tenant = { workspaceId: row.workspaceId, workspaceUuid, actor: SYSTEM_ACTOR };
      switch (message.type) {
        case 'status-update': {
          const status = message.status && vapiStatuses.has(message.status) ? message.status : undefined;
          await applyCallProgress(tx, tenant, row, {
            status,
            startTime: date(message.call?.startedAt),
            endedReason: status === 'ended' ? message.endedReason : undefined,
          });
          return { received: true };
        }
        case 'end-of-call-report': {
          // Vapi may send a report more than once: the first one is the record.
          if (row.reportedAt) return { received: true, ignored: 'report already applied' };
          await this.applyReport(tx, tenant, row, message);
          await queueCallFollowUp(transaction, this.jobs, { workspaceId: row.workspaceId, callId: row.id });
          return { received: true };
        }
        case 'tool-calls':
          return { results: await answerToolCalls(tx, tenant, row, toolCallsOf(message)) };
        default:
          // hang, transcript (live, partial), speech-update…: the final report carries what we keep.
          return { received: true };
      }
    });
  }

  private async applyReport(tx: Executor, tenant: Tenant, row: repository.CallRow, message: VapiServerMessage): Promise<void> {
    const artifact = message.artifact ?? {};
    const startTime = date(message.startedAt) ?? date(message.call?.startedAt);
    const endTime = date(message.endedAt) ?? date(message.call?.endedAt);
    const duration =
      message.durationSeconds ?? (startTime && endTime ? Math.max(0, (endTime.getTime() - startTime.getTime()) / 1000) : undefined);
    await applyCallProgress(tx, tenant, row, {
      status: 'ended',
      startTime,
      endTime,
      duration,
      endedReason: message.endedReason,
      cost: message.cost,
    });
    const stereo = artifact.recording?.stereoUrl ?? artifact.stereoRecordingUrl ?? message.stereoRecordingUrl;
    const mono = artifact.recording?.mono?.combinedUrl ?? artifact.recordingUrl ?? message.recordingUrl;
    const url = mono ?? stereo;
    const recording = url
      ? await repository.upsertRecording(tx, tenant.workspaceId, row.id, {
          providerName: 'vapi',
          url,
          startTime: startTime ?? null,
          duration: duration ?? null,
          dualChannel: !mono && !!stereo,
        })
      : undefined;
    const utterances = utterancesOf(artifact.messages ?? message.messages ?? []);
    const transcript = artifact.transcript ?? message.transcript;
    if (utterances.length || transcript)
      await repository.upsertTranscription(tx, tenant.workspaceId, row.id, {
        providerName: 'vapi',
        recordingId: recording?.id ?? null,
        url: url ?? null,
        text: transcript ?? utterances.map((utterance) => `${utterance.speaker}: ${utterance.text}`).join('\n'),
        utterances,
        status: 'pending',
      });
    await repository.updateCallRow(tx, tenant.workspaceId, row.id, { reportedAt: new Date() });
  }
}

/** What was said, by `assistant` and `user`; system prompts and tool traffic are left out. */
function utterancesOf(messages: VapiSpokenMessage[]): Utterance[] {
  return messages.flatMap((item) => {
    if ((item.role !== 'bot' && item.role !== 'assistant' && item.role !== 'user') || item.message === undefined) return [];
    const start = item.secondsFromStart ?? null;
    const end = start !== null && item.duration !== undefined ? start + item.duration / 1000 : null;
    return [{ speaker: item.role === 'user' ? 'user' : 'assistant', text: item.message, start, end }];
  });
}

function toolCallsOf(message: VapiServerMessage): Array<{ id: string; name: string; arguments: Record<string, unknown> }> {
  return (message.toolCallList ?? []).map((call) => {
    let args: unknown = call.function.arguments;
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        args = {};
      }
    }
    const record = args && typeof args === 'object' && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
    return { id: call.id, name: call.function.name, arguments: record };
  });
}

function headerOf(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
