import { randomUUID } from 'node:crypto';
import type { Database, Executor } from '../../db/client.js';
import { AppError, invalid } from '../../shared/errors.js';
import { SYSTEM_ACTOR } from '../../shared/actor.js';
import * as agentsRepository from '../agents/agents.repository.js';
import type { AgentSettings } from '../agents/agent-settings.js';
import { DEFAULT_AGENT_NAME } from '../agents/responders.js';
import * as channelsRepository from '../channels/channels.repository.js';
import type { ChannelsService } from '../channels/channels.service.js';
import { IDENTITY_SECRET, widgetSettingsOf, type WidgetLocale } from '../channels/adapters/widget.js';
import * as chatsRepository from '../chats/chats.repository.js';
import { normalizeAddress } from '../contacts/addresses.js';
import type { EventStream, EventStreamService } from '../events/event-stream.service.js';
import type { InboundMessagesService } from '../messages/inbound.service.js';
import { toMessage } from '../messages/message-writes.js';
import * as messagesRepository from '../messages/messages.repository.js';
import type { Message } from '../messages/messages.schemas.js';
import { identifierHashMatches, newVisitorId, type VisitorTokens } from './visitor-tokens.js';
import { findOrCreateVisitorContact, findVisitorContact, visitorOf, type Visitor, type WidgetChannel } from './widget-visitors.js';

/** What the widget shows before and around the conversation. */
export interface WidgetConfig {
  locale: WidgetLocale;
  preChatFields: Array<'name' | 'email'>;
  identityVerification: boolean;
  agent: { name: string; picture: string | null; greeting: string | null };
}

export interface SessionInput {
  identifier?: string;
  identifierHash?: string;
  /** A token from an earlier session: the same visitor continues (unless an identifier names another). */
  visitorToken?: string;
  name?: string;
  email?: string;
}

export interface Session {
  visitorToken: string;
  expiresAt: Date;
  visitor: { id: string; contactId: string; name: string | null; verified: boolean };
  chat: { id: string; status: string } | null;
  config: WidgetConfig;
}

/** Roles a visitor sees: their own messages, the agent's and the team's (system notes stay internal). */
const VISIBLE_ROLES = new Set(['user', 'assistant', 'operator']);

/**
 * The public web chat: sessions for visitors of widget channels, their messages (through the
 * same inbound path as every channel's customer messages) and their own chat's events.
 */
export class WidgetService {
  constructor(
    private readonly db: Database,
    private readonly dependencies: {
      channels: ChannelsService;
      inbound: InboundMessagesService;
      events: EventStreamService;
      tokens: VisitorTokens;
    },
  ) {}

  /** The live widget channel with this website token; 401 when there is none. */
  async findChannel(websiteToken: string): Promise<WidgetChannel> {
    const found = websiteToken ? await channelsRepository.findChannelByRoutingKey(this.db, 'widget', websiteToken) : undefined;
    if (!found)
      throw new AppError('UNAUTHENTICATED', 'websiteToken: no widget channel has this website token (copy it from the channel settings)');
    const tenant = { workspaceId: found.row.workspaceId, workspaceUuid: found.workspaceUuid, actor: SYSTEM_ACTOR };
    return { row: found.row, tenant, settings: widgetSettingsOf(found.row.settings) };
  }

  /** 403 unless `origin` (a browser's Origin header) is one of the channel's allowed origins; requests without one pass. */
  checkOrigin(channel: WidgetChannel, origin: string | undefined): void {
    if (origin === undefined) return;
    const allowed = channel.settings.allowedOrigins;
    if (allowed.includes('*') || allowed.includes(origin)) return;
    throw new AppError(
      'FORBIDDEN',
      `Origin ${origin} may not use this widget: add it to the channel's settings.allowedOrigins (allowed: ${allowed.join(', ') || 'none yet'})`,
      { field: 'Origin' },
    );
  }

  /** The visitor a valid token names; 401 for forged, expired or orphaned tokens. */
  async authenticate(token: string): Promise<Visitor> {
    const claims = this.dependencies.tokens.verify(token);
    if (claims === 'invalid')
      throw new AppError('UNAUTHENTICATED', 'The visitor token is not valid: start a new session (POST /api/widget/v1/sessions)');
    if (claims === 'expired')
      throw new AppError('UNAUTHENTICATED', 'The visitor token has expired: start a new session (POST /api/widget/v1/sessions)');
    const channel = await this.findChannel(claims.websiteToken).catch(() => {
      throw new AppError('UNAUTHENTICATED', "The visitor token's widget channel no longer exists or has a new website token");
    });
    const contact = await findVisitorContact(this.db, channel, claims.visitorId);
    if (!contact) throw new AppError('UNAUTHENTICATED', 'The visitor of this token no longer exists: start a new session');
    return visitorOf(channel, claims.visitorId, contact);
  }

  async getConfig(channel: WidgetChannel): Promise<WidgetConfig> {
    return this.configOf(this.db, channel, null);
  }

  /**
   * Starts or continues a visitor's session. A verified identifier (identifierHash checks out
   * under the channel's identity secret) links the visitor to that contact; anything else is
   * an anonymous contact. A wrong hash is refused before anything is stored.
   */
  async startSession(channel: WidgetChannel, input: SessionInput): Promise<Session> {
    const visitorId = await this.sessionVisitorId(channel, input);
    const email = input.email ? normalizeAddress('email', { channelType: 'EMAIL', address: input.email }).address : undefined;
    const { contact, chat } = await this.db.transaction(async (tx) => {
      const contact = await findOrCreateVisitorContact(tx, channel, visitorId, { name: input.name, email });
      const chat = await chatsRepository.findOpenChatRow(tx, channel.tenant.workspaceId, channel.row.id, contact.id);
      return { contact, chat };
    });
    const { token, expiresAt } = this.dependencies.tokens.sign({ websiteToken: channel.settings.websiteToken, visitorId });
    const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null;
    return {
      visitorToken: token,
      expiresAt,
      visitor: { id: visitorId, contactId: contact.uuid, name, verified: input.identifier !== undefined },
      chat: chat ? { id: chat.uuid, status: chat.status } : null,
      config: await this.configOf(this.db, channel, chat?.responderId ?? null),
    };
  }

  /** The visitor's message, received as any channel's customer message (the agent runtime answers it). */
  async sendMessage(visitor: Visitor, input: { content: string; clientMessageId?: string }): Promise<Message> {
    const { channel } = visitor;
    // Retrying with the same clientMessageId stores the message once.
    const providerId = `widget:${channel.row.uuid}:${visitor.visitorId}:${input.clientMessageId ?? randomUUID()}`;
    await this.dependencies.inbound.receiveMessage(
      { ...this.dependencies.channels.connect(channel.row), tenant: channel.tenant },
      {
        providerId,
        from: visitor.visitorId,
        fromProviderId: visitor.visitorId,
        profileName: null,
        type: 'text',
        content: input.content,
        attachments: [],
        metadata: {},
      },
    );
    const view = await messagesRepository.findMessageView(this.db, channel.tenant.workspaceId, { providerId });
    if (!view) throw new AppError('INTERNAL', 'the visitor message vanished after it was stored');
    return toMessage(visitor.tenant, view);
  }

  /** The visitor's current chat's messages, a page counted back from the newest (page 1 = the latest). */
  async findMessages(
    visitor: Visitor,
    page: { pageNumber: number; pageSize: number },
  ): Promise<{ items: Message[]; total: number; chatId: string | null }> {
    const chat = await this.currentChat(visitor);
    if (!chat) return { items: [], total: 0, chatId: null };
    const { rows, total } = await messagesRepository.findChatMessageViews(this.db, visitor.tenant.workspaceId, chat.id, page);
    const items = rows.map((row) => toMessage(visitor.tenant, row)).filter((message) => VISIBLE_ROLES.has(message.role));
    return { items, total, chatId: chat.uuid };
  }

  /** Messages added to the visitor's current chat, live (resuming after `lastEventId`); 404 before their first message. */
  async openStream(visitor: Visitor, lastEventId: number | undefined, onError: (error: unknown) => void): Promise<EventStream> {
    const chat = await this.currentChat(visitor);
    if (!chat) throw new AppError('NOT_FOUND', 'This visitor has no conversation yet: send a message first (POST /api/widget/v1/messages)');
    return this.dependencies.events.openStream(visitor.tenant, {
      types: ['message.created'],
      lastEventId,
      filter: (envelope) => {
        const message = envelope.data as Partial<Message>;
        return message.chatUuid === chat.uuid && VISIBLE_ROLES.has(message.role ?? '');
      },
      onError,
    });
  }

  private async currentChat(visitor: Visitor): Promise<chatsRepository.ChatRow | undefined> {
    return this.db.transaction((tx) =>
      chatsRepository.findOpenChatRow(tx, visitor.tenant.workspaceId, visitor.channel.row.id, visitor.contactId),
    );
  }

  private async sessionVisitorId(channel: WidgetChannel, input: SessionInput): Promise<string> {
    if (input.identifier !== undefined) {
      if (!input.identifierHash)
        throw invalid(
          'identifierHash',
          'is required with identifier: HMAC-SHA256 of the identifier under the channel identity secret, in hex',
        );
      const sealed = channel.row.secrets[IDENTITY_SECRET];
      if (!sealed)
        throw new AppError(
          'UNAUTHENTICATED',
          'identifierHash: this widget channel has no identity secret (settings.identitySecret), so identifiers cannot be verified',
        );
      const secret = this.dependencies.channels.connect(channel.row).secret(IDENTITY_SECRET);
      if (!identifierHashMatches(input.identifier, input.identifierHash, secret))
        throw new AppError(
          'UNAUTHENTICATED',
          'identifierHash does not match the identifier: compute HMAC-SHA256(identifier) with the channel identity secret on your server',
        );
      return input.identifier;
    }
    if (input.identifierHash !== undefined) throw invalid('identifier', 'is required with identifierHash');
    if (input.visitorToken) {
      const claims = this.dependencies.tokens.verify(input.visitorToken);
      if (typeof claims === 'object' && claims.websiteToken === channel.settings.websiteToken) return claims.visitorId;
      if (claims === 'invalid') throw new AppError('UNAUTHENTICATED', 'visitorToken: not a visitor token of this server; start without it');
      // An expired token, or another channel's: a new visitor.
    }
    return newVisitorId();
  }

  private async configOf(db: Executor, channel: WidgetChannel, responderId: number | null): Promise<WidgetConfig> {
    const { workspaceId } = channel.tenant;
    const id = responderId ?? channel.row.responderId;
    const row =
      id === null
        ? await agentsRepository.findFirstAgentRow(db, workspaceId)
        : await agentsRepository.findAgentRow(db, workspaceId, undefined, { id });
    const greeting = row?.kind === 'agent' ? ((row.settings as Partial<AgentSettings>).greeting ?? null) : null;
    return {
      locale: channel.settings.locale,
      preChatFields: channel.settings.preChatFields,
      identityVerification: IDENTITY_SECRET in channel.row.secrets,
      agent: { name: row?.name ?? DEFAULT_AGENT_NAME, picture: row?.picture ?? null, greeting },
    };
  }
}
