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
import { AuthService } from './modules/auth/auth.service.js';
import { AgentRunsService } from './modules/agent-runtime/agent-runs.service.js';
import { AgentTurns } from './modules/agent-runtime/agent-turn.js';
import { createAgentProviders, type AgentProviders } from './modules/agent-runtime/providers/index.js';
import { CapturesService } from './modules/captures/captures.service.js';
import { handoffs } from './modules/tickets/handoffs.js';
import { VisitorTokens } from './modules/widget/visitor-tokens.js';
import { WidgetService } from './modules/widget/widget.service.js';
import { callAnalyzerFor } from './modules/calls/call-analyzers.js';
import { CallFollowUp } from './modules/calls/call-follow-up.js';
import { CallStarts } from './modules/calls/call-starts.js';
import { CallsService } from './modules/calls/calls.service.js';
import { TwilioEvents } from './modules/calls/twilio-events.js';
import { VapiEvents } from './modules/calls/vapi-events.js';
import { VoiceProviders, type VoiceConfig } from './modules/calls/voice-providers.js';
import { VoiceAgentsService } from './modules/voice-agents/voice-agents.service.js';

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
  /** Team members' logins and inbox sessions. */
  auth: AuthService;
  captures: CapturesService;
  agentRuns: AgentRunsService;
  /** The agent runtime's turns (run by the `agent-turn` job, queued by its outbox consumer). */
  agentTurns: AgentTurns;
  /** The public web chat widget's sessions, messages and streams. */
  widget: WidgetService;
  voiceAgents: VoiceAgentsService;
  calls: CallsService;
  callStarts: CallStarts;
  callFollowUp: CallFollowUp;
  vapiEvents: VapiEvents;
  twilioEvents: TwilioEvents;
}

export interface ServiceOptions {
  /**
   * Providers to answer with instead of createAgentProviders(config)'s, by name: the one seam
   * where tests put a provider whose failures and timing they script.
   */
  providers?: Partial<AgentProviders>;
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
    | 'SESSION_TTL_HOURS'
    | 'LOGIN_WINDOW_SECONDS'
    | 'LOGIN_MAX_ATTEMPTS_PER_EMAIL'
    | 'LOGIN_MAX_ATTEMPTS_PER_IP'
    | 'LLM_API_KEY'
    | 'LLM_TIMEOUT_MS'
    | 'AGENT_TURN_TIMEOUT_MS'
    | 'AGENT_TURN_ATTEMPTS'
  > &
    PlatformConfig &
    VoiceConfig,
  options: ServiceOptions = {},
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
  const users = new UsersService(db);
  const auth = new AuthService(
    db,
    { users },
    {
      sessionTtlMs: config.SESSION_TTL_HOURS * 3_600_000,
      loginWindowMs: config.LOGIN_WINDOW_SECONDS * 1000,
      maxAttemptsPerEmail: config.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
      maxAttemptsPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
    },
  );
  // The TurnContext names the country; '' when none is configured (numbers then need their country code).
  const defaultPhoneCountry = config.DEFAULT_PHONE_COUNTRY ?? '';
  const captures = new CapturesService(db, chats, { defaultPhoneCountry });
  const providers = { ...createAgentProviders(config), ...options.providers };
  const call = { timeoutMs: config.AGENT_TURN_TIMEOUT_MS, attempts: config.AGENT_TURN_ATTEMPTS, retryBaseMs: 500 };
  const agentTurns = new AgentTurns(
    { db, agents, workspaces, handoffs, providers, captures, tasks, messaging },
    {
      ...call,
      defaultPhoneCountry,
      // Longer than every try and wait of a turn: a run still `running` after it was abandoned.
      leaseMs: config.AGENT_TURN_ATTEMPTS * (config.AGENT_TURN_TIMEOUT_MS + 2_000) * 2 + 60_000,
    },
  );
  const voiceProviders = new VoiceProviders(config);
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
    users,
    tickets: new TicketsService(db),
    aiContacts: new AiContactsService(db),
    auth,
    captures,
    agentRuns: new AgentRunsService(db, { agents, providers, defaultPhoneCountry, call }),
    agentTurns,
    widget: new WidgetService(db, { channels, inbound, events: platform.events, tokens: new VisitorTokens(config.SECRETS_KEY) }),
    voiceAgents: new VoiceAgentsService(db),
    calls: new CallsService(db, platform.jobs),
    callStarts: new CallStarts(db, voiceProviders),
    callFollowUp: new CallFollowUp(db, voiceProviders, callAnalyzerFor(config)),
    vapiEvents: new VapiEvents(db, platform.jobs, config.VAPI_WEBHOOK_SECRET),
    twilioEvents: new TwilioEvents(db, platform.jobs, { authToken: config.TWILIO_AUTH_TOKEN, publicBaseUrl: config.PUBLIC_BASE_URL }),
  };
}
