import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { captures } from '../captures/captures.table.js';
import { channels } from '../channels/channels.table.js';
import { chats } from '../chats/chats.table.js';
import { companies } from '../companies/companies.table.js';
import { contactAddresses, contacts } from '../contacts/contacts.table.js';
import { messages } from '../messages/messages.table.js';
import { agentRuns } from './agent-runs.table.js';

/**
 * What a turn reads before calling the provider, in two statements (each a round trip to
 * PostgreSQL, which is what a turn's cost is mostly made of under load): the chat with its
 * latest messages and runs, then the contact with what was captured in the chat.
 */

export interface RecentMessage {
  id: number;
  direction: string;
  role: string;
  content: string;
  createdAt: Date;
}

export interface TurnChat {
  id: number;
  responderId: number;
  ownerContactId: number;
  removedAt: Date | null;
  channelType: string | null;
  /** The chat's latest messages, oldest first. */
  recent: RecentMessage[];
  /**
   * The last customer message a run answered or is answering (0 when none). A running run
   * whose lease ran out (its process died) does not count: its messages are taken over.
   */
  answeredUpTo: number;
  /** Whether each of the latest finished runs found something to answer with, newest first. */
  latestAnswered: Array<boolean | null>;
}

/** The chat, its latest `limit` messages and what its runs answered, in one statement. */
export async function findTurnChat(
  db: Executor,
  workspaceId: number,
  chatId: number,
  limits: { messages: number; runs: number },
): Promise<TurnChat | undefined> {
  const result = await db.execute<{
    id: string;
    responder_id: string;
    owner_contact_id: string;
    removed_at: string | Date | null;
    channel_type: string | null;
    recent: Array<Omit<RecentMessage, 'createdAt'> & { createdAt: string }> | null;
    answered_up_to: string | null;
    latest_answered: Array<boolean | null> | null;
  }>(sql`
    SELECT c.id, c.responder_id, c.owner_contact_id, c.removed_at, ch.type AS channel_type,
      (SELECT json_agg(json_build_object('id', m.id, 'direction', m.direction, 'role', m.role, 'content', m.content, 'createdAt', m.created_at)
         ORDER BY m.created_at, m.id)
       FROM (SELECT * FROM ${messages} WHERE ${messages.workspaceId} = c.workspace_id AND ${messages.chatId} = c.id
             ORDER BY ${messages.createdAt} DESC, ${messages.id} DESC LIMIT ${limits.messages}) m) AS recent,
      (SELECT max(r.answered_message_id) FROM ${agentRuns} r
       WHERE r.workspace_id = c.workspace_id AND r.chat_id = c.id AND (r.status <> 'running' OR r.lease_until > now())) AS answered_up_to,
      (SELECT json_agg(f.answered ORDER BY f.id DESC)
       FROM (SELECT r.id, r.answered FROM ${agentRuns} r WHERE r.workspace_id = c.workspace_id AND r.chat_id = c.id AND r.status <> 'running'
             ORDER BY r.id DESC LIMIT ${limits.runs}) f) AS latest_answered
    FROM ${chats} c
    LEFT JOIN ${channels} ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
    WHERE c.workspace_id = ${workspaceId} AND c.id = ${chatId}`);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    responderId: Number(row.responder_id),
    ownerContactId: Number(row.owner_contact_id),
    removedAt: row.removed_at === null ? null : new Date(row.removed_at),
    channelType: row.channel_type,
    recent: (row.recent ?? []).map((message) => ({ ...message, id: Number(message.id), createdAt: new Date(message.createdAt) })),
    answeredUpTo: Number(row.answered_up_to ?? 0),
    latestAnswered: row.latest_answered ?? [],
  };
}

export interface ContactFacts {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  addresses: Array<{ channelType: string; address: string }>;
  /** What agents captured in the chat, oldest first. */
  captured: Array<Record<string, unknown>>;
}

/** The contact's names, company and addresses, and the chat's captures, in one statement. */
export async function findContactFacts(
  db: Executor,
  workspaceId: number,
  contactId: number,
  chatId: number,
): Promise<ContactFacts | undefined> {
  const result = await db.execute<{
    first_name: string | null;
    last_name: string | null;
    company: string | null;
    addresses: ContactFacts['addresses'] | null;
    captured: ContactFacts['captured'] | null;
  }>(sql`
    SELECT p.first_name, p.last_name, co.name AS company,
      (SELECT json_agg(json_build_object('channelType', a.channel_type, 'address', a.address) ORDER BY a.id)
       FROM ${contactAddresses} a WHERE a.workspace_id = p.workspace_id AND a.contact_id = p.id) AS addresses,
      (SELECT json_agg(k.contact_data ORDER BY k.updated_at)
       FROM ${captures} k WHERE k.workspace_id = p.workspace_id AND k.chat_id = ${chatId}) AS captured
    FROM ${contacts} p
    LEFT JOIN ${companies} co ON co.workspace_id = p.workspace_id AND co.id = p.contact_company_id
    WHERE p.workspace_id = ${workspaceId} AND p.id = ${contactId}`);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    addresses: row.addresses ?? [],
    captured: row.captured ?? [],
  };
}
