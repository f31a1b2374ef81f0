import type { AgentRun } from '../agent-runtime/agent-run.js';
import type { Agent } from '../agents/agents.schemas.js';
import type { Channel } from '../channels/channels.schemas.js';
import type { ChatDetails } from '../chats/chats.schemas.js';
import type { Company } from '../companies/companies.schemas.js';
import type { Contact } from '../contacts/contacts.schemas.js';
import type { ConversationRecord } from '../conversations/conversations.schemas.js';
import type { Funnel, FunnelStatus } from '../funnels/funnels.schemas.js';
import type { Message } from '../messages/messages.schemas.js';
import type { Task } from '../tasks/tasks.schemas.js';
import type { KnowledgeDocumentSummary } from '../knowledge/knowledge.service.js';
import type { Ticket } from '../tickets/tickets.schemas.js';
import type { User } from '../users/users.schemas.js';
import type { Call, Transcription } from '../calls/calls.schemas.js';

/** `transcription.completed`'s data: the transcription with its call's id and analysis. */
export type TranscriptionCompleted = Transcription & { callId: number; category: string | null; agentScore: number | null };

/** One entry of the catalogue: what the event means, and (as a type only) what its `data` is. */
export interface EventDefinition<Payload> {
  description: string;
  /** Never set: carries the payload type. */
  readonly payload?: Payload;
}

function event<Payload>(description: string): EventDefinition<Payload> {
  return { description };
}

/**
 * Every event type there is, with its payload: the one place to look up what a webhook, the
 * realtime stream or an outbox consumer can receive. `recordEvent` accepts only these types,
 * each with its own payload. Types are `<entity>.<action>` (or `<entity>.<sub>.<action>`, as
 * `agent.run.completed`); new ones (`call.*`,
 * `transcription.completed`) are added here with their module's domain type.
 */
export const eventCatalogue = {
  'contact.created': event<Contact>('A contact was created (through the API, an import, or a first message).'),
  'contact.updated': event<Contact>('A contact changed, archiving included.'),
  'contact.deleted': event<Contact>('A contact was deleted; the data is the contact before.'),
  'company.created': event<Company>('A company was created.'),
  'company.updated': event<Company>('A company changed.'),
  'company.deleted': event<Company>('A company was deleted; the data is the company before.'),
  'agent.created': event<Agent>('An AI agent was created.'),
  'agent.updated': event<Agent>('An AI agent changed (a new version).'),
  'agent.deleted': event<Agent>('An AI agent was deleted.'),
  'agent.run.completed': event<AgentRun>(
    'An agent turn finished: it answered, acted (captured, handed off), or was suppressed because a person took over first.',
  ),
  'agent.run.failed': event<AgentRun>(
    'An agent turn failed: the provider failed every try (the fallback went out) or the reply could not be sent.',
  ),
  'squad.created': event<Agent>('A squad (group of agents) was created.'),
  'squad.updated': event<Agent>('A squad changed (a new version).'),
  'squad.deleted': event<Agent>('A squad was deleted.'),
  'channel.created': event<Channel>('A channel was connected.'),
  'channel.updated': event<Channel>('A channel changed.'),
  'channel.deleted': event<Channel>('A channel was removed.'),
  'chat.created': event<ChatDetails>('A chat started on a channel.'),
  'chat.updated': event<ChatDetails>('A chat changed, or got a message (its latest-message fields move).'),
  'chat.deleted': event<ChatDetails>('A chat was deleted.'),
  'message.created': event<Message>('A message was added to a chat: from the contact (inbound) or to them (outbound).'),
  'message.updated': event<Message>("A message's delivery state changed (sent, delivered, read, failed)."),
  'funnel.created': event<Funnel>('A funnel was created.'),
  'funnel.updated': event<Funnel>('A funnel changed.'),
  'funnel.deleted': event<Funnel>('A funnel was deleted.'),
  'funnel_status.created': event<FunnelStatus>('A funnel status (stage) was created.'),
  'funnel_status.updated': event<FunnelStatus>('A funnel status changed.'),
  'funnel_status.deleted': event<FunnelStatus>('A funnel status was deleted.'),
  'conversation.created': event<ConversationRecord>('A funnel conversation was created.'),
  'conversation.updated': event<ConversationRecord>('A funnel conversation changed (stage, owner, fields).'),
  'conversation.deleted': event<ConversationRecord>('A funnel conversation was deleted.'),
  'task.created': event<Task>('A task was created.'),
  'task.updated': event<Task>('A task changed.'),
  'task.deleted': event<Task>('A task was deleted.'),
  'knowledge_document.created': event<KnowledgeDocumentSummary>('A knowledge document was added to an agent (without its text).'),
  'knowledge_document.updated': event<KnowledgeDocumentSummary>('A knowledge document was replaced (without its text).'),
  'knowledge_document.deleted': event<KnowledgeDocumentSummary>('A knowledge document was deleted.'),
  'user.created': event<User>('A team member was added.'),
  'user.updated': event<User>('A team member changed (name, role, deactivated or activated).'),
  'ticket.created': event<Ticket>('A handoff opened a ticket: the chat waits for a person and the agent is paused on it.'),
  'ticket.updated': event<Ticket>('A ticket changed: assigned, taken (IN_PROGRESS), reopened, or another handoff added to it.'),
  'ticket.closed': event<Ticket>('A ticket was closed; its chat is closed and the agent answers its next message.'),
  'call.created': event<Call>('A call was placed (AI agent or bridge), recorded through the API, or loaded from a recording.'),
  'call.updated': event<Call>('A call changed: a provider event moved it forward, or its analysis was added.'),
  'call.ended': event<Call>('A call reached ended or failed (once per call).'),
  'transcription.completed': event<TranscriptionCompleted>(
    'A call was transcribed and analysed (status says whether a transcript could be made).',
  ),
} satisfies Record<string, EventDefinition<unknown>>;

export type EventCatalogue = typeof eventCatalogue;
export type EventType = keyof EventCatalogue;

/** The payload a service records for `Type`. */
export type EventPayload<Type extends EventType> = EventCatalogue[Type] extends EventDefinition<infer Payload> ? Payload : never;

/** A value after a JSON round trip: how a stored payload reads back (dates become ISO strings). */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer Item)[]
    ? Jsonified<Item>[]
    : T extends object
      ? { [Key in keyof T]: Jsonified<T[Key]> }
      : T;

/** The `data` of a stored event of `Type`, as consumers, webhooks and the stream read it. */
export type EventData<Type extends EventType> = Jsonified<EventPayload<Type>>;

export const eventTypes = Object.keys(eventCatalogue) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalogue, type);
}
