import type { Database } from '../../db/client.js';
import { deepgramLanguages, type Utterance } from '../../integrations/deepgram/client.js';
import { ProviderError } from '../../integrations/provider-http.js';
import { SYSTEM_ACTOR } from '../../shared/actor.js';
import type { Tenant } from '../../shared/tenant.js';
import { recordEvent } from '../events/events.js';
import { insertTask } from '../tasks/tasks.repository.js';
import { toTask } from '../tasks/tasks.service.js';
import type { CallAnalyzer } from './call-analysis.js';
import { toCall, toTranscription } from './call-views.js';
import * as repository from './calls.repository.js';
import { writeVoiceChat } from './voice-chat.js';
import type { VoiceProviders } from './voice-providers.js';

interface Transcript {
  providerName: string | null;
  providerId: string | null;
  url: string | null;
  text: string | null;
  utterances: Utterance[];
  status: 'completed' | 'unavailable' | 'failed';
  error: string | null;
}

/**
 * What happens once a call has ended (a defined job, queued with its final report): the
 * recording is transcribed by Deepgram (else the provider's own transcript is kept, else the
 * transcription says it is unavailable), the call is analysed, the transcript becomes a voice
 * chat, and a callback becomes a task. Runs again harmlessly: a finished call is skipped.
 */
export class CallFollowUp {
  constructor(
    private readonly db: Database,
    private readonly providers: VoiceProviders,
    private readonly analyze: CallAnalyzer,
  ) {}

  async run(workspaceId: number, callId: number): Promise<void> {
    const workspaceUuid = await repository.findWorkspaceUuid(this.db, workspaceId);
    const call = await repository.findCallRow(this.db, workspaceId, callId);
    if (!workspaceUuid || !call) return;
    const tenant: Tenant = { workspaceId, workspaceUuid, actor: SYSTEM_ACTOR };
    const existing = await repository.findTranscriptionRow(this.db, workspaceId, callId);
    if (existing && existing.status !== 'pending' && call.category !== null) return;
    const recording = await repository.findRecordingRow(this.db, workspaceId, callId);
    const transcript = await this.transcribe(call, recording?.url ?? null, existing);
    const analysis = await this.analyze({
      objectives: call.objectives,
      endedReason: call.endedReason,
      status: call.status,
      duration: call.duration,
      transcript: transcript.utterances.map((utterance) => `${utterance.speaker}: ${utterance.text}`).join('\n') || (transcript.text ?? ''),
    });
    await this.db.transaction(async (tx) => {
      const locked = (await repository.findCallRow(tx, workspaceId, callId, true))!;
      if (locked.category !== null) return;
      const transcription = await repository.upsertTranscription(tx, workspaceId, callId, {
        ...transcript,
        recordingId: recording?.id ?? null,
      });
      const chatId = await writeVoiceChat(tx, tenant, locked, transcript.utterances);
      const updated = await repository.updateCallRow(tx, workspaceId, callId, {
        summary: analysis.summary,
        agentScore: analysis.agentScore,
        category: analysis.category,
        chatId: chatId ?? null,
      });
      await recordEvent(tx, tenant, 'call.updated', toCall(tenant, updated));
      await recordEvent(tx, tenant, 'transcription.completed', {
        ...toTranscription(tenant, updated, transcription),
        callId,
        category: updated.category,
        agentScore: updated.agentScore,
      });
      if (analysis.category === 'callback') {
        const task = await insertTask(tx, workspaceId, {
          title: `Call back ${updated.to}`,
          objective: `The contact asked to be called back (call ${callId}). ${analysis.summary}`,
          assignedToType: updated.voiceAgentId !== null ? 'ai_employee' : 'user',
          assignedToId: String(updated.voiceAgentId ?? updated.userId ?? 'unassigned'),
          createdByType: 'ai_employee',
          createdById: 'call-analysis',
          dueDate: analysis.callbackAt ?? null,
          status: 'scheduled',
        });
        await recordEvent(tx, tenant, 'task.created', toTask(tenant, task));
      }
    });
  }

  private async transcribe(
    call: repository.CallRow,
    recordingUrl: string | null,
    stored: repository.TranscriptionRow | undefined,
  ): Promise<Transcript> {
    const own: Transcript | undefined =
      stored && (stored.text || stored.utterances.length)
        ? {
            providerName: stored.providerName,
            providerId: stored.providerId,
            url: stored.url,
            text: stored.text,
            utterances: stored.utterances,
            status: 'completed',
            error: null,
          }
        : undefined;
    const deepgram = this.providers.deepgram();
    if (deepgram && recordingUrl) {
      try {
        const result = await deepgram.transcribeUrl(recordingUrl, {
          model: 'nova-2',
          language: deepgramLanguages[call.localization ?? ''] ?? 'multi',
        });
        return {
          providerName: 'deepgram',
          providerId: result.requestId,
          url: recordingUrl,
          text: result.text,
          utterances: result.utterances,
          status: 'completed',
          error: null,
        };
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        if (own) return { ...own, error: error.message };
        return {
          providerName: 'deepgram',
          providerId: null,
          url: recordingUrl,
          text: null,
          utterances: [],
          status: 'failed',
          error: error.message,
        };
      }
    }
    if (own) return own;
    const reason = recordingUrl
      ? 'no DEEPGRAM_API_KEY is configured and the provider sent no transcript'
      : 'the call has no recording and the provider sent no transcript';
    return { providerName: null, providerId: null, url: recordingUrl, text: null, utterances: [], status: 'unavailable', error: reason };
  }
}
