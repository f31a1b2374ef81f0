import type { Database } from '../../db/client.js';
import { bridgeTwiml } from '../../integrations/twilio/client.js';
import { ProviderError } from '../../integrations/provider-http.js';
import { AppError, notFound } from '../../shared/errors.js';
import { recordEvent } from '../events/events.js';
import type { Tenant } from '../../shared/tenant.js';
import { composeAssistant, fillVariables } from '../voice-agents/assistant.js';
import { findVoiceAgentRow } from '../voice-agents/voice-agents.repository.js';
import type { VoiceAgentSettings } from '../voice-agents/voice-agents.schemas.js';
import { findOrCreatePhoneContact, type CallContactInfo } from './call-contact.js';
import { toCall } from './call-views.js';
import * as repository from './calls.repository.js';
import type { Call } from './calls.schemas.js';
import type { VoiceProviders } from './voice-providers.js';

export interface AdHocAgentCall extends VoiceAgentSettings {
  to: string;
  from?: string;
  userId?: number;
  contactInfo?: CallContactInfo;
  customData?: Record<string, unknown>;
}

export interface SavedAgentCall {
  voiceAgentId: number;
  to: string;
  contextVariables: Record<string, unknown>;
  customData?: Record<string, unknown>;
}

export interface BridgeCall {
  to: string;
  /** The team member's number, called first. */
  from: string;
  userId?: number;
  providerData?: Record<string, unknown>;
  customData?: Record<string, unknown>;
}

/**
 * Places calls: AI agent calls through Vapi and bridge calls through Twilio. The call is stored
 * (`queued`) before the provider is asked, then given the provider's id; a provider that
 * refuses or is down leaves it `failed` with the provider's error, answered as a 502.
 */
export class CallStarts {
  constructor(
    private readonly db: Database,
    private readonly providers: VoiceProviders,
  ) {}

  async startAdHocAgentCall(tenant: Tenant, input: AdHocAgentCall): Promise<Call> {
    const { to, from, userId, contactInfo, customData, ...settings } = input;
    return this.startAgentCall(tenant, {
      to,
      from,
      userId,
      contactInfo,
      customData,
      settings,
      name: settings.personality?.name ?? 'Agent',
    });
  }

  async startSavedAgentCall(tenant: Tenant, input: SavedAgentCall): Promise<Call> {
    const agent = await findVoiceAgentRow(this.db, tenant.workspaceId, input.voiceAgentId);
    if (!agent) throw notFound('voice agent', input.voiceAgentId);
    const settings = fillVariables(agent.settings, input.contextVariables);
    return this.startAgentCall(tenant, {
      to: input.to,
      from: settings.callerNumber,
      customData: input.customData,
      settings,
      name: agent.name,
      agent: { id: agent.id, version: agent.version },
      contextVariables: input.contextVariables,
    });
  }

  async startBridgeCall(tenant: Tenant, input: BridgeCall): Promise<Call> {
    const twilio = this.providers.twilio();
    const row = await this.storeCall(tenant, {
      to: input.to,
      from: input.from,
      userId: input.userId,
      providerName: 'twilio',
      customData: input.customData,
      metadata: { kind: 'bridge', ...(input.providerData ? { providerData: input.providerData } : {}) },
      objectives: [],
    });
    const statusCallback = this.providers.callbackUrl('/webhooks/twilio/voice');
    return this.placeCall(tenant, row, async () => {
      const placed = await twilio.client.createCall({
        to: input.from,
        from: twilio.fromNumber,
        twiml: bridgeTwiml({
          to: input.to,
          callerId: twilio.fromNumber,
          recordingCallback: `${statusCallback}?event=recording`,
          statusCallback,
        }),
        statusCallback,
      });
      return { providerId: placed.sid, status: placed.status };
    });
  }

  private async startAgentCall(
    tenant: Tenant,
    input: {
      to: string;
      from?: string;
      userId?: number;
      contactInfo?: CallContactInfo;
      customData?: Record<string, unknown>;
      settings: VoiceAgentSettings;
      name: string;
      agent?: { id: number; version: number };
      contextVariables?: Record<string, unknown>;
    },
  ): Promise<Call> {
    const vapi = this.providers.vapi();
    const assistant = composeAssistant(input.settings, {
      name: input.name,
      serverUrl: vapi.serverUrl,
      serverSecret: vapi.serverSecret,
      contact: input.contactInfo,
    });
    const row = await this.storeCall(tenant, {
      to: input.to,
      from: input.from,
      userId: input.userId,
      providerName: 'vapi',
      contactInfo: input.contactInfo,
      customData: input.customData,
      objectives: input.settings.objectives,
      localization: input.settings.localization,
      agent: input.agent,
      metadata: { kind: 'agent', assistant, ...(input.contextVariables ? { contextVariables: input.contextVariables } : {}) },
    });
    const customerName = [input.contactInfo?.firstName, input.contactInfo?.lastName].filter(Boolean).join(' ');
    return this.placeCall(tenant, row, async () => {
      const placed = await vapi.client.createCall({
        assistant,
        phoneNumberId: vapi.phoneNumberId,
        customer: { number: input.to, ...(customerName ? { name: customerName.slice(0, 40) } : {}) },
        metadata: { switchboardCallId: row.id, tenantId: tenant.workspaceUuid },
      });
      return { providerId: placed.id, status: placed.status };
    });
  }

  private async storeCall(
    tenant: Tenant,
    input: {
      to: string;
      from?: string;
      userId?: number;
      providerName: string;
      contactInfo?: CallContactInfo;
      customData?: Record<string, unknown>;
      metadata: Record<string, unknown>;
      objectives: string[];
      localization?: string;
      agent?: { id: number; version: number };
    },
  ): Promise<repository.CallRow> {
    return this.db.transaction(async (tx) => {
      const contactId = await findOrCreatePhoneContact(tx, tenant, input.to, input.contactInfo);
      const row = await repository.insertCall(tx, tenant.workspaceId, {
        providerName: input.providerName,
        to: input.to,
        from: input.from ?? null,
        userId: input.userId ?? null,
        contactId,
        direction: 'outgoing',
        status: 'queued',
        objectives: input.objectives,
        localization: input.localization ?? null,
        voiceAgentId: input.agent?.id ?? null,
        voiceAgentVersion: input.agent?.version ?? null,
        customData: input.customData ?? null,
        metadata: input.metadata,
      });
      await recordEvent(tx, tenant, 'call.created', toCall(tenant, row));
      return row;
    });
  }

  private async placeCall(
    tenant: Tenant,
    row: repository.CallRow,
    place: () => Promise<{ providerId: string; status: string }>,
  ): Promise<Call> {
    let placed: { providerId: string; status: string } | undefined;
    let failure: string | undefined;
    try {
      placed = await place();
    } catch (error) {
      if (!(error instanceof ProviderError) && !(error instanceof Error && /answered/.test(error.message))) throw error;
      failure = error.message;
    }
    const call = await this.db.transaction(async (tx) => {
      const values = placed
        ? { providerId: placed.providerId, status: placed.status === 'ringing' ? 'ringing' : 'queued' }
        : { status: 'failed', providerError: failure!, endedReason: 'provider-error' };
      const updated = toCall(tenant, await repository.updateCallRow(tx, tenant.workspaceId, row.id, values));
      await recordEvent(tx, tenant, 'call.updated', updated);
      if (!placed) await recordEvent(tx, tenant, 'call.ended', updated);
      return updated;
    });
    if (failure) throw new AppError('BAD_GATEWAY', `The call was stored as failed: ${failure}`, { callId: call.id, call });
    return call;
  }
}
