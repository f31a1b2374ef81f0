import type { Executor } from '../../db/client.js';
import { retrievePassages, type AnsweringAgent } from './agent-settings.js';
import type { CaptureFieldName, TurnContext, TurnMessage } from './provider.js';
import { findContactFacts, type RecentMessage, type TurnChat } from './turn-reads.repository.js';

/** How many of the chat's latest messages a turn reads. */
export const RECENT_MESSAGES = 20;
/** How many of the chat's latest finished runs a turn reads: the longest miss window (handoffAfterMisses ≤ 20, plus one). */
export const RECENT_RUNS = 21;
const PASSAGES = 4;

export function toTurnMessage(message: Pick<RecentMessage, 'direction' | 'role' | 'content' | 'createdAt'>): TurnMessage {
  const role = message.direction === 'inbound' ? 'customer' : message.role === 'operator' ? 'operator' : 'agent';
  return { role, text: message.content, at: message.createdAt };
}

/** The customer messages not answered yet, oldest first; empty when there are none (the burst was answered). */
export function pendingMessages(chat: TurnChat): RecentMessage[] {
  return chat.recent.filter((message) => message.direction === 'inbound' && message.role === 'user' && message.id > chat.answeredUpTo);
}

/** How many of the chat's latest finished runs in a row (at most `window`) found nothing to answer with. */
export function countMisses(chat: TurnChat, window: number): number {
  const latest = chat.latestAnswered.slice(0, window);
  const firstHit = latest.findIndex((answered) => answered !== false);
  return firstHit === -1 ? latest.length : firstHit;
}

/** What the agent knows of the contact: the CRM's names and addresses, then what was captured in this chat. */
export async function knownFields(db: Executor, workspaceId: number, chatId: number, contactId: number) {
  const known: Partial<Record<CaptureFieldName, string>> = {};
  const contact = await findContactFacts(db, workspaceId, contactId, chatId);
  if (!contact) return known;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ');
  if (name) known.name = name;
  if (contact.company) known.company = contact.company;
  const email = contact.addresses.find((address) => address.channelType === 'EMAIL');
  const phone = contact.addresses.find((address) => ['PHONE', 'WHATSAPP', 'SMS'].includes(address.channelType));
  if (email) known.email = email.address;
  if (phone) known.phone = phone.address;
  for (const data of contact.captured) {
    for (const [key, value] of Object.entries(data)) if (typeof value === 'string' && !known[key]) known[key] = value;
  }
  return known;
}

export async function buildTurnContext(
  db: Executor,
  workspaceId: number,
  chat: TurnChat,
  agent: AnsweringAgent,
  pending: RecentMessage[],
  dependencies: { defaultPhoneCountry: string },
): Promise<TurnContext> {
  const words = pending.map((message) => message.content).join('\n');
  const missWindow = (agent.turn.handoffAfterMisses ?? 0) + 1;
  const [known, passages] = await Promise.all([
    knownFields(db, workspaceId, chat.id, chat.ownerContactId),
    retrievePassages(db, workspaceId, agent, words, PASSAGES),
  ]);
  return {
    agent: agent.turn,
    messages: chat.recent.map(toTurnMessage),
    known,
    passages,
    misses: countMisses(chat, Math.max(missWindow, 5)),
    defaultPhoneCountry: dependencies.defaultPhoneCountry,
  };
}
