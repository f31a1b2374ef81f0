import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { chats } from '../chats/chats.table.js';
import { contacts } from '../contacts/contacts.table.js';
import { workspaces } from '../workspaces/workspaces.table.js';

const time = (name: string) => timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });

/**
 * Phone calls (003's call): AI agent calls through Vapi, bridge calls through Twilio, and calls
 * made elsewhere that were recorded through the API. Provider events move a call forward only
 * (see call-progress.ts); `last_update_sequence` counts the changes applied.
 */
export const calls = pgTable(
  'calls',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' })
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    uuid: uuid('uuid').notNull().defaultRandom(),
    /** The provider's call id (Vapi call id, Twilio CallSid); provider events find the call by it. */
    providerId: text('provider_id'),
    /** vapi, twilio, or what a caller of CreateCall said. */
    providerName: text('provider_name'),
    funnelConversationId: bigint('funnel_conversation_id', { mode: 'number' }),
    sessionId: bigint('session_id', { mode: 'number' }),
    /** Team member (users have no table yet: stored as given). */
    userId: bigint('user_id', { mode: 'number' }),
    /** The migration makes the key ON DELETE SET NULL (contact_id) only: deleting a contact keeps its calls. */
    contactId: bigint('contact_id', { mode: 'number' }),
    opportunityId: bigint('opportunity_id', { mode: 'number' }),
    analysisConfigId: bigint('analysis_config_id', { mode: 'number' }),
    teamId: bigint('team_id', { mode: 'number' }),
    voiceAgentId: bigint('voice_agent_id', { mode: 'number' }),
    voiceAgentVersion: integer('voice_agent_version'),
    /** The voice chat holding the transcript as messages; ON DELETE SET NULL (chat_id) only, as contact_id. */
    chatId: bigint('chat_id', { mode: 'number' }),
    from: text('from_number'),
    to: text('to_number').notNull(),
    redirectedTo: text('redirected_to'),
    /** Seconds. */
    duration: doublePrecision('duration'),
    /** outgoing or incoming. */
    direction: text('direction').notNull(),
    /** queued, ringing, in-progress, forwarding, ended or failed (CreateCall may store other words). */
    status: text('status').notNull(),
    startTime: time('start_time'),
    endTime: time('end_time'),
    /** Why the call ended, as the provider says it (Vapi has hundreds of reasons). */
    endedReason: text('ended_reason'),
    /** What the provider charged, in its currency (USD for Vapi). */
    cost: doublePrecision('cost'),
    /** The provider's refusal when the call could not be placed. */
    providerError: text('provider_error'),
    /** The call's objectives, what analysis scores it against. */
    objectives: jsonb('objectives').$type<string[]>().notNull().default([]),
    localization: text('localization'),
    metadata: jsonb('metadata'),
    customData: jsonb('custom_data'),
    summary: text('summary'),
    agentScore: doublePrecision('agent_score'),
    category: text('category'),
    /** Set once the provider's final report was applied: a repeated report changes nothing. */
    reportedAt: time('reported_at'),
    lastUpdateSequence: integer('last_update_sequence').notNull().default(0),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.contactId],
      foreignColumns: [contacts.workspaceId, contacts.id],
      name: 'calls_contact_fk',
    }).onDelete('set null'),
    foreignKey({
      columns: [table.workspaceId, table.chatId],
      foreignColumns: [chats.workspaceId, chats.id],
      name: 'calls_chat_fk',
    }).onDelete('set null'),
    // Provider webhooks carry no workspace: the provider's call id must find one call.
    uniqueIndex('calls_provider_idx').on(table.providerName, table.providerId),
    index('calls_start_idx').on(table.workspaceId, table.createdAt, table.id),
    index('calls_contact_idx').on(table.workspaceId, table.contactId),
  ],
);

/** A call's audio (003's recording). One per call. */
export const callRecordings = pgTable(
  'call_recordings',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    /** The provider's recording id (Twilio RecordingSid), if it has one. */
    providerId: text('provider_id'),
    providerName: text('provider_name'),
    url: text('url').notNull(),
    startTime: time('start_time'),
    duration: doublePrecision('duration'),
    /** Each party on its own channel (Twilio dual, Vapi stereo). */
    dualChannel: boolean('dual_channel').notNull().default(false),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.callId],
      foreignColumns: [calls.workspaceId, calls.id],
      name: 'call_recordings_call_fk',
    }).onDelete('cascade'),
    uniqueIndex('call_recordings_call_idx').on(table.workspaceId, table.callId),
  ],
);

/** What was said (003's transcription), with speaker-labelled utterances. One per call. */
export const callTranscriptions = pgTable(
  'call_transcriptions',
  {
    workspaceId: bigint('workspace_id', { mode: 'number' }).notNull(),
    id: bigint('id', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    callId: bigint('call_id', { mode: 'number' }).notNull(),
    recordingId: bigint('recording_id', { mode: 'number' }),
    /** deepgram, or the call's provider when its own transcript is kept. */
    providerName: text('provider_name'),
    /** Deepgram's request id. */
    providerId: text('provider_id'),
    /** The audio that was transcribed. */
    url: text('url'),
    text: text('text'),
    utterances: jsonb('utterances')
      .$type<Array<{ speaker: string; text: string; start: number | null; end: number | null }>>()
      .notNull()
      .default([]),
    /** pending, completed, unavailable (no recording and no provider transcript) or failed. */
    status: text('status').notNull(),
    error: text('error'),
    createdAt: time('created_at').notNull().defaultNow(),
    updatedAt: time('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.workspaceId, table.id] }),
    foreignKey({
      columns: [table.workspaceId, table.callId],
      foreignColumns: [calls.workspaceId, calls.id],
      name: 'call_transcriptions_call_fk',
    }).onDelete('cascade'),
    uniqueIndex('call_transcriptions_call_idx').on(table.workspaceId, table.callId),
    check('call_transcriptions_status_check', sql`${table.status} IN ('pending', 'completed', 'unavailable', 'failed')`),
  ],
);
