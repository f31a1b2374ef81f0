import type { Executor } from '../../db/client.js';
import { findChatCaptures } from '../captures/captures.repository.js';
import { retrievePassages, type AnsweringAgent } from './agent-settings.js';
import * as repository from './agent-runs.repository.js';
import type { CaptureFieldName, TurnContext, TurnMessage } from './provider.js';

/** How many of the chat's latest messages a turn reads. */
const RECENT_MESSAGES = 20;
const PASSAGES = 4;

export interface PendingTurn {
  context: TurnContext;
  /** The customer messages since the last answered one, oldest first. */
  answeredMessageIds: number[];
}

type RecentMessage = Awaited<ReturnType<typeof repository.findRecentMessages>>[number];

export function toTurnMessage(message: Pick<RecentMessage, 'direction' | 'role' | 'content' | 'createdAt'>): TurnMessage {
  const role = message.direction === 'inbound' ? 'customer' : message.role === 'operator' ? 'operator' : 'agent';
  return { role, text: message.content, at: message.createdAt };
}

/** The customer messages not answered yet; undefined when there are none (the burst was answered). */
export async function findPendingMessages(db: Executor, workspaceId: number, chatId: number) {
  const recent = await repository.findRecentMessages(db, workspaceId, chatId, RECENT_MESSAGES);
  const answeredUpTo = await repository.lastAnsweredMessageId(db, workspaceId, chatId);
  const pending = recent.filter((message) => message.direction === 'inbound' && message.role === 'user' && message.id > answeredUpTo);
  return pending.length > 0 ? { recent, pending } : undefined;
}

/** What the agent knows of the contact: the CRM's names and addresses, then what was captured in this chat. */
export async function knownFields(db: Executor, workspaceId: number, chatId: number, contactId: number) {
  const known: Partial<Record<CaptureFieldName, string>> = {};
  const contact = await repository.findContactFacts(db, workspaceId, contactId);
  if (contact) {
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    if (name) known.name = name;
    if (contact.company) known.company = contact.company;
    const email = contact.addresses.find((address) => address.channelType === 'EMAIL');
    const phone = contact.addresses.find((address) => ['PHONE', 'WHATSAPP', 'SMS'].includes(address.channelType));
    if (email) known.email = email.address;
    if (phone) known.phone = phone.address;
  }
  for (const capture of await findChatCaptures(db, workspaceId, chatId)) {
    for (const [key, value] of Object.entries(capture.contactData)) if (typeof value === 'string' && !known[key]) known[key] = value;
  }
  return known;
}

export async function buildTurnContext(
  db: Executor,
  workspaceId: number,
  chat: { id: number; ownerContactId: number },
  agent: AnsweringAgent,
  messages: RecentMessage[],
  pending: RecentMessage[],
  dependencies: { defaultPhoneCountry: string },
): Promise<TurnContext> {
  const words = pending.map((message) => message.content).join('\n');
  const missWindow = (agent.turn.handoffAfterMisses ?? 0) + 1;
  return {
    agent: agent.turn,
    messages: messages.map(toTurnMessage),
    known: await knownFields(db, workspaceId, chat.id, chat.ownerContactId),
    passages: await retrievePassages(db, workspaceId, agent, words, PASSAGES),
    misses: await repository.countRecentMisses(db, workspaceId, chat.id, Math.max(missWindow, 5)),
    defaultPhoneCountry: dependencies.defaultPhoneCountry,
  };
}
