import type { Executor } from '../../db/client.js';
import { AppError, invalid } from '../../shared/errors.js';
import type { Tenant } from '../../shared/tenant.js';
import * as agentsRepository from '../agents/agents.repository.js';
import type { Agent } from '../agents/agents.schemas.js';
import { toAgent } from '../agents/agents.service.js';
import { defaultResponder, resolveResponder } from '../agents/responders.js';
import type { ChannelRow } from '../channels/channels.repository.js';
import { recordEvent } from '../events/events.js';
import { toChatDetails } from './chat-views.js';
import * as repository from './chats.repository.js';
import type { ChatDetails } from './chats.schemas.js';

/**
 * Who answers a new chat: the responder named, else the channel's, else the workspace's
 * default agent.
 */
export async function pickResponder(
  tx: Executor,
  tenant: Tenant,
  responderUuid: string | undefined,
  channel: ChannelRow | undefined,
): Promise<Agent> {
  if (responderUuid) return resolveResponder(tx, tenant, responderUuid, 'responderId');
  if (channel?.responderId) {
    const row = await agentsRepository.findAgentRow(tx, tenant.workspaceId, undefined, { id: channel.responderId });
    if (row) return toAgent(tenant, row);
  }
  return defaultResponder(tx, tenant);
}

/** The version row id a chat pins when `responder` starts answering it. */
export async function currentVersionId(tx: Executor, tenant: Tenant, responder: Agent): Promise<number> {
  const version = await agentsRepository.findVersionRow(tx, tenant.workspaceId, responder.versionId);
  if (!version) throw new AppError('INTERNAL', `agent ${responder.uuid} has no row for its current version`);
  return version.id;
}

/** Creates a chat in the caller's transaction and records `chat.created`. */
export async function createChatRow(
  tx: Executor,
  tenant: Tenant,
  input: { channel: ChannelRow | undefined; ownerContactId: number; title: string | null; responderUuid?: string },
): Promise<repository.ChatRow> {
  const responder = await pickResponder(tx, tenant, input.responderUuid, input.channel);
  const row = await repository.insertChat(tx, tenant.workspaceId, {
    channelId: input.channel?.id ?? null,
    ownerContactId: input.ownerContactId,
    responderId: responder.id,
    responderVersionId: await currentVersionId(tx, tenant, responder),
    title: input.title,
  });
  await recordEvent(tx, tenant, 'chat.created', await loadChat(tx, tenant, row.id));
  return row;
}

/** The contact's current chat on a channel, or a new one; locked for the caller's write. */
export async function findOrCreateChat(
  tx: Executor,
  tenant: Tenant,
  channel: ChannelRow,
  ownerContactId: number,
): Promise<repository.ChatRow> {
  const open = await repository.findOpenChatRow(tx, tenant.workspaceId, channel.id, ownerContactId);
  if (open) return open;
  // No need to read it again FOR UPDATE: no other transaction can see (or lock) a row this one
  // inserted until it commits.
  return createChatRow(tx, tenant, { channel, ownerContactId, title: null });
}

export async function loadChat(db: Executor, tenant: Tenant, id: number): Promise<ChatDetails> {
  const view = await repository.findChatView(db, tenant.workspaceId, id);
  if (!view) throw new AppError('INTERNAL', `chat ${id} vanished while being read`);
  return toChatDetails(tenant, view);
}

/** loadChat for several chats at once (one statement), by chat id. */
export async function loadChats(db: Executor, tenant: Tenant, ids: number[]): Promise<Map<number, ChatDetails>> {
  const views = await repository.findChatViewsByIds(db, tenant.workspaceId, ids);
  return new Map(views.map((view) => [view.chat.id, toChatDetails(tenant, view)]));
}

export async function ownerContactIdOf(tx: Executor, tenant: Tenant, ownerUuid: string): Promise<number> {
  const id = await repository.findContactIdByUuid(tx, tenant.workspaceId, ownerUuid);
  if (id === undefined) throw invalid('ownerId', `no contact ${ownerUuid} in this workspace`);
  return id;
}
