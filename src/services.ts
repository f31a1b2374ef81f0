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
import { ChannelsService } from './modules/channels/channels.service.js';
import { SecretBox } from './modules/channels/secrets.js';
import { ChatsService } from './modules/chats/chats.service.js';
import { MediaService } from './modules/media/media.service.js';
import { InboundWebhooksService } from './modules/inbound-webhooks/inbound-webhooks.service.js';
import { InboundMessagesService } from './modules/messages/inbound.service.js';
import { MessagesService } from './modules/messages/messages.service.js';
import { WhatsAppSendsService } from './modules/messages/whatsapp-sends.service.js';
import { WhatsAppClient } from './integrations/whatsapp/client.js';
import { AgentRunsService } from './modules/agent-runtime/agent-runs.service.js';
import { AgentRuntime } from './modules/agent-runtime/agent-runtime.js';
import {
  DefaultAgentDirectory,
  NO_KNOWLEDGE,
  type AgentDirectory,
  type KnowledgeRetriever,
} from './modules/agent-runtime/agent-settings.js';
import type { AgentProvider } from './modules/agent-runtime/provider.js';
import { CapturesService } from './modules/captures/captures.service.js';
import type { Handoffs } from './modules/tickets/handoff.js';

/** The domain services, each given exactly what it depends on. */
export interface Services extends PlatformServices {
  workspaces: WorkspacesService;
  customFields: CustomFieldsService;
  companies: CompaniesService;
  contacts: ContactsService;
  agents: AgentsService;
  channels: ChannelsService;
  chats: ChatsService;
  media: MediaService;
  messages: MessagesService;
  whatsappSends: WhatsAppSendsService;
  inbound: InboundMessagesService;
  inboundWebhooks: InboundWebhooksService;
  funnels: FunnelsService;
  funnelStatuses: FunnelStatusesService;
  conversations: ConversationsService;
  tasks: TasksService;
  captures: CapturesService;
  agentRuns: AgentRunsService;
  /** The agent runtime, when there is a Handoffs implementation to pause agents with (the tickets module). */
  agentRuntime: AgentRuntime | undefined;
}

/** What the agent runtime plugs in: the models that answer, the tickets behind handoffs, configuration and knowledge. */
export interface AgentCollaborators {
  providers?: Partial<Record<AgentProvider['name'], AgentProvider>>;
  handoffs?: Handoffs;
  directory?: AgentDirectory;
  knowledge?: KnowledgeRetriever;
}

export type AgentRuntimeConfig = Pick<
  Config,
  'AGENT_REPLY_DELAY_MS' | 'AGENT_TURN_TIMEOUT_MS' | 'AGENT_TURN_ATTEMPTS' | 'AGENT_TURN_CONCURRENCY' | 'DEFAULT_PHONE_COUNTRY'
>;

export function createServices(
  db: Database,
  config: Pick<Config, 'DEFAULT_PHONE_COUNTRY' | 'SECRETS_KEY' | 'WHATSAPP_API_BASE_URL' | 'WHATSAPP_TIMEOUT_MS' | 'MEDIA_MAX_BYTES'> &
    PlatformConfig &
    AgentRuntimeConfig,
  collaborators: AgentCollaborators = {},
): Services {
  const workspaces = new WorkspacesService(db);
  const customFields = new CustomFieldsService(db);
  const companies = new CompaniesService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const contacts = new ContactsService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const agents = new AgentsService(db);
  const channels = new ChannelsService(db, {
    secrets: new SecretBox(config.SECRETS_KEY),
    defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY,
  });
  const chats = new ChatsService(db);
  const media = new MediaService(db, { maxBytes: config.MEDIA_MAX_BYTES });
  const messaging = {
    channels,
    media,
    gateway: new WhatsAppClient({ baseUrl: config.WHATSAPP_API_BASE_URL, timeoutMs: config.WHATSAPP_TIMEOUT_MS }),
  };
  const messages = new MessagesService(db, messaging);
  const whatsappSends = new WhatsAppSendsService(db, messaging);
  const inbound = new InboundMessagesService(db, channels);
  const funnels = new FunnelsService(db);
  const funnelStatuses = new FunnelStatusesService(db);
  const conversations = new ConversationsService(db, customFields, { defaultPhoneCountry: config.DEFAULT_PHONE_COUNTRY });
  const tasks = new TasksService(db);
  const platform = createPlatformServices(db, config);
  // The TurnContext names the country; '' when none is configured (numbers then need their country code).
  const defaultPhoneCountry = config.DEFAULT_PHONE_COUNTRY ?? '';
  const captures = new CapturesService(db, chats, { defaultPhoneCountry });
  const providers = collaborators.providers ?? {};
  const directory = collaborators.directory ?? new DefaultAgentDirectory({ replyDelayMs: config.AGENT_REPLY_DELAY_MS });
  const knowledge = collaborators.knowledge ?? NO_KNOWLEDGE;
  const call = { timeoutMs: config.AGENT_TURN_TIMEOUT_MS, attempts: config.AGENT_TURN_ATTEMPTS, retryBaseMs: 500 };
  const agentRuns = new AgentRunsService(db, { directory, knowledge, providers, defaultPhoneCountry, call });
  const agentRuntime = collaborators.handoffs
    ? new AgentRuntime(
        { db, jobs: platform.jobs, handoffs: collaborators.handoffs, directory, knowledge, providers, captures, tasks, messaging },
        {
          ...call,
          concurrency: config.AGENT_TURN_CONCURRENCY,
          defaultPhoneCountry,
          // Longer than every try and wait of a turn: a run still `running` after it was abandoned.
          leaseMs: config.AGENT_TURN_ATTEMPTS * (config.AGENT_TURN_TIMEOUT_MS + 2_000) * 2 + 60_000,
        },
      )
    : undefined;
  return {
    ...platform,
    workspaces,
    customFields,
    companies,
    contacts,
    agents,
    channels,
    chats,
    media,
    messages,
    whatsappSends,
    inbound,
    inboundWebhooks: new InboundWebhooksService(db),
    funnels,
    funnelStatuses,
    conversations,
    tasks,
    captures,
    agentRuns,
    agentRuntime,
  };
}
