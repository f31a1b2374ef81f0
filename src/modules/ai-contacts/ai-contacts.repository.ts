import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels } from '../channels/channels.table.js';
import { chats } from '../chats/chats.table.js';
import { contactAddresses, contacts } from '../contacts/contacts.table.js';
import { funnelConversations } from '../conversations/conversations.table.js';
import { messages } from '../messages/messages.table.js';

export async function findContactRowByUuid(db: Executor, workspaceId: number, uuid: string) {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.uuid, uuid)));
  return row;
}

export async function findContactAddresses(db: Executor, workspaceId: number, contactId: number) {
  return db
    .select({ channelType: contactAddresses.channelType, address: contactAddresses.address })
    .from(contactAddresses)
    .where(and(eq(contactAddresses.workspaceId, workspaceId), eq(contactAddresses.contactId, contactId)))
    .orderBy(asc(contactAddresses.id));
}

/** The contact's latest chat (by last activity, not removed) with its channel type and last message. */
export async function findLatestChat(db: Executor, workspaceId: number, contactId: number) {
  const [row] = await db
    .select({
      status: chats.status,
      isRead: chats.isRead,
      lastChatMessageCreatedAt: chats.lastChatMessageCreatedAt,
      channelType: channels.type,
      lastContent: messages.content,
      lastCreatedAt: messages.createdAt,
    })
    .from(chats)
    .leftJoin(channels, and(eq(channels.workspaceId, chats.workspaceId), eq(channels.id, chats.channelId)))
    .leftJoin(messages, and(eq(messages.workspaceId, chats.workspaceId), eq(messages.id, chats.lastMessageId)))
    .where(and(eq(chats.workspaceId, workspaceId), eq(chats.ownerContactId, contactId), isNull(chats.removedAt)))
    .orderBy(desc(sql`coalesce(${chats.lastChatMessageCreatedAt}, ${chats.createdAt})`), desc(chats.id))
    .limit(1);
  return row;
}

/** The funnel status of the contact's most recently changed funnel conversation. */
export async function findCurrentFunnelStatusId(db: Executor, workspaceId: number, contactId: number): Promise<number | null> {
  const [row] = await db
    .select({ funnelStatusId: funnelConversations.funnelStatusId })
    .from(funnelConversations)
    .where(and(eq(funnelConversations.workspaceId, workspaceId), eq(funnelConversations.contactId, contactId)))
    .orderBy(desc(funnelConversations.updatedAt), desc(funnelConversations.id))
    .limit(1);
  return row?.funnelStatusId ?? null;
}
