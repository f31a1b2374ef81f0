import type { Database } from '../../db/client.js';
import { inJobTransaction } from '../../jobs/connection.js';
import type { JobQueue } from '../../jobs/job-queue.js';
import { AppError, notFound } from '../../shared/errors.js';
import { recordEvent } from '../events/events.js';
import type { Tenant } from '../../shared/tenant.js';
import { findOrCreatePhoneContact } from './call-contact.js';
import { toCall, toRecording, toTranscription } from './call-views.js';
import * as repository from './calls.repository.js';
import type { Call, Recording, Transcription } from './calls.schemas.js';
import { queueCallFollowUp } from './follow-up-jobs.js';

export interface NewCall {
  status: string;
  userId: number | null;
  metadata: unknown;
  providerId?: string;
  providerName?: string;
  customData?: unknown;
  funnelConversationId?: number;
  sessionId?: number;
  from: string;
  to: string;
  redirectedTo?: string | null;
  duration: number | null;
  direction: string;
  startTime: Date;
  teamId?: number | null;
}

export interface LoadedRecording {
  userId: number;
  url: string;
  callTo?: string;
  callFrom?: string;
  callDirection?: 'outgoing' | 'incoming';
  callStartTime?: Date;
}

/** Call records: calls made elsewhere (CreateCall), reading calls, recordings and transcriptions, and LoadRecording. */
export class CallsService {
  constructor(
    private readonly db: Database,
    private readonly jobs: JobQueue,
  ) {}

  async createCall(tenant: Tenant, input: NewCall): Promise<Call> {
    return this.db.transaction(async (tx) => {
      const counterpart = input.direction === 'incoming' ? input.from : input.to;
      const contactId = await findOrCreatePhoneContact(tx, tenant, counterpart);
      try {
        const row = await repository.insertCall(tx, tenant.workspaceId, {
          ...input,
          providerId: input.providerId ?? null,
          providerName: input.providerName ?? null,
          metadata: input.metadata ?? null,
          customData: input.customData ?? null,
          contactId,
        });
        const call = toCall(tenant, row);
        await recordEvent(tx, tenant, 'call.created', call);
        return call;
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code === '23505' || (error as { code?: string }).code === '23505')
          throw new AppError('CONFLICT', `a call with providerName ${input.providerName} and providerId ${input.providerId} exists`, {
            field: 'providerId',
          });
        throw error;
      }
    });
  }

  async getCallById(tenant: Tenant, id: number): Promise<Call> {
    return toCall(tenant, await this.findRow(tenant, id));
  }

  async findCalls(tenant: Tenant, filters: repository.CallListFilters, limit: number, afterId?: number) {
    const page = await repository.findCallRows(this.db, tenant.workspaceId, filters, limit, afterId);
    const items = page.rows.map((row) => toCall(tenant, row));
    return { items, totalCount: page.totalCount, nextPageToken: page.more ? String(items.at(-1)!.id) : null };
  }

  async getRecording(tenant: Tenant, callId: number): Promise<Recording> {
    const call = await this.findRow(tenant, callId);
    const row = await repository.findRecordingRow(this.db, tenant.workspaceId, callId);
    if (!row) throw new AppError('NOT_FOUND', `call ${callId} has no recording (yet)`, { entity: 'recording', callId });
    return toRecording(tenant, call, row);
  }

  /** The transcription; before the call has one, a `pending` (call under way) or `unavailable` placeholder is not stored but answered 404. */
  async getTranscription(tenant: Tenant, callId: number): Promise<Transcription> {
    const call = await this.findRow(tenant, callId);
    const row = await repository.findTranscriptionRow(this.db, tenant.workspaceId, callId);
    if (!row) throw new AppError('NOT_FOUND', `call ${callId} has no transcription (yet)`, { entity: 'transcription', callId });
    return toTranscription(tenant, call, row);
  }

  /** A call and its recording from an audio file elsewhere, then transcribed in the background. */
  async loadRecording(tenant: Tenant, input: LoadedRecording): Promise<Recording> {
    return inJobTransaction(this.db, async (transaction) => {
      const tx = transaction.db;
      const direction = input.callDirection ?? 'outgoing';
      const counterpart = direction === 'incoming' ? input.callFrom : input.callTo;
      const contactId = counterpart ? await findOrCreatePhoneContact(tx, tenant, counterpart) : null;
      const call = await repository.insertCall(tx, tenant.workspaceId, {
        providerName: 'upload',
        to: input.callTo ?? 'unknown',
        from: input.callFrom ?? null,
        userId: input.userId,
        contactId,
        direction,
        status: 'ended',
        startTime: input.callStartTime ?? null,
        metadata: { kind: 'loaded-recording' },
        reportedAt: new Date(),
      });
      await recordEvent(tx, tenant, 'call.created', toCall(tenant, call));
      const recording = await repository.upsertRecording(tx, tenant.workspaceId, call.id, {
        providerName: 'upload',
        url: input.url,
        startTime: input.callStartTime ?? null,
      });
      await queueCallFollowUp(transaction, this.jobs, { workspaceId: tenant.workspaceId, callId: call.id });
      return toRecording(tenant, call, recording);
    });
  }

  private async findRow(tenant: Tenant, id: number): Promise<repository.CallRow> {
    const row = await repository.findCallRow(this.db, tenant.workspaceId, id);
    if (!row) throw notFound('call', id);
    return row;
  }
}
