import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { createPlatformServices, type PlatformConfig, type PlatformServices } from './jobs/platform-services.js';
import { CompaniesService } from './modules/companies/companies.service.js';
import { ContactsService } from './modules/contacts/contacts.service.js';
import { ConversationsService } from './modules/conversations/conversations.service.js';
import { CustomFieldsService } from './modules/custom-fields/custom-fields.service.js';
import { FunnelStatusesService } from './modules/funnels/funnel-statuses.service.js';
import { FunnelsService } from './modules/funnels/funnels.service.js';
import { TasksService } from './modules/tasks/tasks.service.js';
import { WorkspacesService } from './modules/workspaces/workspaces.service.js';
import { AgentsService } from './modules/agents/agents.service.js';
import { KnowledgeService } from './modules/knowledge/knowledge.service.js';
import { ChannelsService } from './modules/channels/channels.service.js';
import { SecretBox } from './modules/channels/secrets.js';
import { ChatsService } from './modules/chats/chats.service.js';
import { MediaService } from './modules/media/media.service.js';
import { InboundWebhooksService } from './modules/inbound-webhooks/inbound-webhooks.service.js';
import { InboundMessagesService } from './modules/messages/inbound.service.js';
import { MessagesService } from './modules/messages/messages.service.js';
import { WhatsAppSendsService } from './modules/messages/whatsapp-sends.service.js';
import { OutboundSends } from './modules/messages/outbound-sends.js';
import { UsersService } from './modules/users/users.service.js';
import { TicketsService } from './modules/tickets/tickets.service.js';
import { AiContactsService } from './modules/ai-contacts/ai-contacts.service.js';
import { VisitorTokens } from './modules/widget/visitor-tokens.js';
import { WidgetService } from './modules/widget/widget.service.js';

/** The domain services, each given exactly what it depends on. */
export interface Services extends PlatformServices {
  workspaces: WorkspacesService;
  customFields: CustomFieldsService;
  companies: CompaniesService;
  contacts: ContactsService;
  agents: AgentsService;
  knowledge: KnowledgeService;
  channels: ChannelsService;
  chats: ChatsService;
  media: MediaService;
  messages: MessagesService;
  whatsappSends: WhatsAppSendsService;
  /** Outbound messages' sends: the job, the sweep (jobs/background.ts). */
  outboundSends: OutboundSends;
  inbound: InboundMessagesService;
  inboundWebhooks: InboundWebhooksService;
  funnels: FunnelsService;
  funnelStatuses: FunnelStatusesService;
  conversations: ConversationsService;
  tasks: TasksService;
  users: UsersService;
  tickets: TicketsService;
  aiContacts: AiContactsService;
  /** The public web chat widget's sessions, messages and streams. */
  widget: WidgetService;
}

export function createServices(
  db: Database,
  config: Pick<
    Config,
    | 'DEFAULT_PHONE_COUNTRY'
    | 'SECRETS_KEY'
    | 'WHATSAPP_API_BASE_URL'
    | 'WHATSAPP_TIMEOUT_MS'
    | 'MEDIA_MAX_BYTES'
    | 'OUTBOUND_SEND_CLAIM_SECONDS'
    | 'LLM_BASE_URL'
    | 'LLM_MODEL'
  > &
    PlatformConfig,
): Services {
  const workspaces = new WorkspacesService(db);
  const customFields = new CustomFieldsService(db);
  const companies = new CompaniesService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const contacts = new ContactsService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const agents = new AgentsService(db, { baseUrl: config.LLM_BASE_URL, model: config.LLM_MODEL });
  const channels = new ChannelsService(db, {
    secrets: new SecretBox(config.SECRETS_KEY),
    defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
  });
  const chats = new ChatsService(db);
  const media = new MediaService(db, { maxBytes: config.MEDIA_MAX_BYTES });
  const platform = createPlatformServices(db, config);
  const delivery = { channels, media, providers: config };
  const sends = new OutboundSends(db, platform.jobs, delivery, { claimTimeoutMs: config.OUTBOUND_SEND_CLAIM_SECONDS * 1000 });
  const messaging = { ...delivery, sends };
  const messages = new MessagesService(db, messaging);
  const whatsappSends = new WhatsAppSendsService(db, messaging);
  const inbound = new InboundMessagesService(db, channels);
  const funnels = new FunnelsService(db);
  const funnelStatuses = new FunnelStatusesService(db);
  const conversations = new ConversationsService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const tasks = new TasksService(db);
  return {
    ...platform,
    workspaces,
    customFields,
    companies,
    contacts,
    agents,
    knowledge: new KnowledgeService(db),
    channels,
    chats,
    media,
    messages,
    whatsappSends,
    outboundSends: sends,
    inbound,
    inboundWebhooks: new InboundWebhooksService(db),
    funnels,
    funnelStatuses,
    conversations,
    tasks,
    users: new UsersService(db),
    tickets: new TicketsService(db),
    aiContacts: new AiContactsService(db),
    widget: new WidgetService(db, { channels, inbound, events: platform.events, tokens: new VisitorTokens(config.SECRETS_KEY) }),
  };
}
