import type { Executor } from '../../db/client.js';
import { AppError } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import { loadChat } from '../chats/chat-writes.js';
import { recordChatMessage, type ChatRow } from '../chats/chats.repository.js';
import { recordEvent, recordEvents } from '../events/events.js';
import { applyOperatorReply } from '../tickets/handoff-machine.js';
import * as repository from './messages.repository.js';
import type {
  Attachment,
  Message,
  MessageDirection,
  MessageError,
  MessageRole,
  MessageStatus,
  MessageType,
  Participant,
} from './messages.schemas.js';

export interface NewMessage {
  direction: MessageDirection;
  role: MessageRole;
  type: MessageType;
  content: string;
  status: MessageStatus;
  providerId?: string | null;
  sender: Participant;
  recipient: Participant;
  userId?: string | null;
  attachments?: Attachment[];
  metadata?: Record<string, unknown>;
  customFields?: Record<string, unknown>;
}

/**
 * Adds a message to a chat in the caller's transaction: the chat's latest-message fields and
 * counters move with it, and both changes are recorded as events. A message whose provider
 * id is already stored (a webhook retry) adds nothing and returns undefined.
 *
 * `channel`, when the caller has the chat's channel row at hand, spares reading the new message
 * back: its view is the inserted row plus the chat's uuid and owner and the channel's type.
 */
export async function appendMessage(
  tx: Executor,
  tenant: Tenant,
  chat: ChatRow,
  input: NewMessage,
  channel?: { id: number; type: string },
): Promise<Message | undefined> {
  const row = await repository.insertMessage(tx, tenant.workspaceId, { ...input, chatId: chat.id });
  if (!row) return undefined;
  await recordChatMessage(tx, tenant.workspaceId, chat.id, row);
  // A team member's reply moves the chat's handoff along (tickets module, docs/tickets.md).
  if (row.role === 'operator' && row.direction === 'outbound') await applyOperatorReply(tx, tenant, chat, row.userId);
  const message =
    channel && channel.id === chat.channelId
      ? toMessage(tenant, { message: row, chatUuid: chat.uuid, contactId: chat.ownerContactId, channelType: channel.type })
      : await loadMessage(tx, tenant, row.id);
  await recordEvents(tx, tenant, [
    { type: 'message.created', data: message },
    { type: 'chat.updated', data: await loadChat(tx, tenant, chat.id) },
  ]);
  return message;
}

/** Applies a change to a message (delivery state, provider id, errors) and records `message.updated`. */
export async function changeMessage(
  tx: Executor,
  tenant: Tenant,
  id: number,
  values: { status?: MessageStatus; providerId?: string; errors?: MessageError[]; recipient?: Participant },
): Promise<Message> {
  await repository.updateMessageRow(tx, tenant.workspaceId, id, values);
  const message = await loadMessage(tx, tenant, id);
  await recordEvent(tx, tenant, 'message.updated', message);
  return message;
}

export async function loadMessage(db: Executor, tenant: Tenant, id: number): Promise<Message> {
  const view = await repository.findMessageView(db, tenant.workspaceId, { id });
  if (!view) throw new AppError('INTERNAL', `message ${id} vanished while being read`);
  return toMessage(tenant, view);
}

export function toMessage(tenant: Tenant, view: repository.MessageViewRow): Message {
  const { message } = view;
  return {
    id: message.id,
    uuid: message.uuid,
    tenantId: tenant.workspaceUuid,
    chatId: message.chatId,
    chatUuid: view.chatUuid,
    contactId: view.contactId,
    channelType: view.channelType,
    direction: message.direction as MessageDirection,
    role: message.role as MessageRole,
    type: message.type as MessageType,
    content: message.content,
    status: message.status as MessageStatus,
    providerId: message.providerId,
    sender: message.sender,
    recipient: message.recipient,
    userId: message.userId,
    attachments: message.attachments,
    metadata: message.metadata,
    customFields: message.customFields,
    errors: message.errors,
    createdAt: message.createdAt,
    updatedAt: message.updatedAt,
  };
}
