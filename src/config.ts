import { z } from 'zod';

/** Every setting Switchboard reads, parsed once from the environment. Nothing else reads process.env. */
const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.url().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  BOOTSTRAP_API_KEY: z.string().min(16, 'BOOTSTRAP_API_KEY must be at least 16 characters').optional(),
  /** ISO 3166 country used to read phone numbers written without a leading "+". */
  DEFAULT_PHONE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'DEFAULT_PHONE_COUNTRY must be a two-letter ISO country code')
    .optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Graph API root of the WhatsApp Cloud API (version included); tests point it at a local fake. */
  WHATSAPP_API_BASE_URL: z.url().default('https://graph.facebook.com/v21.0'),
  /** How long one WhatsApp Cloud API call may take before it fails. */
  WHATSAPP_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /**
   * How long a sender holds an outbound message it is handing to its provider before another
   * may take it as lost and send it (durable sends: docs/architecture.md). Keep it above the
   * longest provider call (an upload and a send: twice WHATSAPP_TIMEOUT_MS).
   */
  OUTBOUND_SEND_CLAIM_SECONDS: z.coerce.number().int().min(1).default(40),
  /** Seals channel secrets (access tokens, app secrets) at rest with AES-256-GCM; without it they are stored as given. */
  SECRETS_KEY: z.string().min(16, 'SECRETS_KEY must be at least 16 characters').optional(),
  /** Largest media file accepted for upload (WhatsApp's own per-type limits apply below it). */
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  // Webhooks, realtime, idempotency and rate limits: docs/webhooks.md, docs/realtime.md, docs/idempotency-and-rate-limits.md.
  /** Let webhook URLs reach private, loopback, link-local and metadata addresses (off: refused, as an SSRF guard). */
  WEBHOOK_ALLOW_PRIVATE_URLS: z.stringbool().default(false),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** First retry delay; each failure doubles it up to WEBHOOK_RETRY_MAX_SECONDS, with jitter. */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
  /** How long a delivery is retried after its first attempt. */
  WEBHOOK_RETRY_WINDOW_HOURS: z.coerce.number().positive().default(72),
  /** A subscription with no success for this long and at least WEBHOOK_DISABLE_AFTER_FAILURES failures is disabled. */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().min(0).default(72),
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).default(10),
  /** Delivery attempts one server process makes at a time. */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /** How often idle job workers look for due jobs (pg-boss polling; 0.5 at least). */
  JOBS_POLLING_INTERVAL_SECONDS: z.coerce.number().min(0.5).default(2),
  /** How often the inbound webhook processor looks for stored deliveries besides being notified (milliseconds). */
  INBOUND_WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).default(1_000),
  /** Each try at a provider's reply is abandoned after this long (milliseconds). */
  AGENT_TURN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Tries at a provider's reply before the agent's fallback message and handoff. */
  AGENT_TURN_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** Agent turns one server process runs at a time. */
  AGENT_TURN_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  /** Days processed inbound webhooks, finished webhook deliveries and events are kept before an hourly purge. */
  RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  /** How long Idempotency-Key responses are kept (24 hours at least). */
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().min(24).default(24),
  RATE_LIMIT_ENABLED: z.stringbool().default(true),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
  /** Counters in PostgreSQL, shared by every server process (true), or in each process's memory (false). */
  RATE_LIMIT_SHARED: z.stringbool().default(true),
  /** Requests per window and API key, for all routes but search and export. */
  RATE_LIMIT_MAX: z.coerce.number().int().positive().default(600),
  /** Requests per window and API key, for search and export routes. */
  RATE_LIMIT_SEARCH_MAX: z.coerce.number().int().positive().default(60),
  // The team inbox's logins (docs/inbox.md).
  /**
   * Set when a reverse proxy (TLS terminator, load balancer) is in front: client addresses and
   * the protocol are then read from X-Forwarded-For and X-Forwarded-Proto, so login limits count
   * real clients and session cookies are Secure on https.
   */
  TRUST_PROXY: z.stringbool().default(false),
  /** How long an inbox session lasts after login, in hours (default 14 days). */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(336),
  /** Login attempts allowed per email address in LOGIN_WINDOW_SECONDS. */
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: z.coerce.number().int().positive().default(10),
  /** Login attempts allowed per client IP address in LOGIN_WINDOW_SECONDS. */
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().positive().default(50),
  LOGIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** The email of the admin created at first start when no team member exists yet (its password is printed once). */
  BOOTSTRAP_ADMIN_EMAIL: z.email().default('admin@example.com'),
  /** Public widget API (/api/widget/v1): requests per window and client IP address. */
  WIDGET_RATE_LIMIT_PER_IP: z.coerce.number().int().positive().default(300),
  /** Public widget API: messages per window and visitor. */
  WIDGET_MESSAGES_PER_VISITOR: z.coerce.number().int().positive().default(20),
  // AI agents (docs/agents.md). Without LLM_BASE_URL only the builtin provider answers.
  /** Root of an OpenAI-compatible API (OpenAI, Ollama, vLLM, llama.cpp server, LM Studio), e.g. http://127.0.0.1:11434/v1. */
  LLM_BASE_URL: z.url().optional(),
  /** Bearer key for LLM_BASE_URL; never returned by any route. */
  LLM_API_KEY: z.string().optional(),
  /** Model of agents that name none. */
  LLM_MODEL: z.string().optional(),
  /** How long one chat completion call may take before it fails (and is retried). */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Comment lines sent on idle event streams, so proxies do not close them. */
  REALTIME_HEARTBEAT_SECONDS: z.coerce.number().positive().default(15),
  /** An event stream is closed after this long; the client reconnects with Last-Event-ID and loses nothing. */
  REALTIME_MAX_STREAM_SECONDS: z.coerce.number().positive().default(3600),
  // Timeouts against slow or stalled clients (a byte a second would otherwise hold a connection forever).
  /** How long a client may take to send a request's headers. */
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().positive().default(20),
  /** How long a client may take to send a whole request, headers and body (not the response). */
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().default(60),
  /** How long an idle keep-alive connection is kept open for a next request. */
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().positive().default(72),
  // Voice: docs/voice.md.
  /** Public root URL of this server, as providers reach it: callback URLs for Vapi and Twilio are built on it. */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Vapi REST API root; tests point it at a local fake. */
  VAPI_API_BASE_URL: z.url().default('https://api.vapi.ai'),
  /** Vapi private API key: AI agent calls need it. */
  VAPI_API_KEY: z.string().optional(),
  /** The Vapi phone number id AI agent calls are placed from. */
  VAPI_PHONE_NUMBER_ID: z.string().optional(),
  /** Shared secret Vapi sends with server messages (X-Vapi-Secret or Authorization: Bearer); the webhook refuses all without it. */
  VAPI_WEBHOOK_SECRET: z.string().min(16, 'VAPI_WEBHOOK_SECRET must be at least 16 characters').optional(),
  /** Twilio REST API root; tests point it at a local fake. */
  TWILIO_API_BASE_URL: z.url().default('https://api.twilio.com'),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  /** Authenticates calls to Twilio and verifies X-Twilio-Signature on its callbacks. */
  TWILIO_AUTH_TOKEN: z.string().optional(),
  /** The Twilio number bridge calls are placed from (E.164). */
  TWILIO_FROM_NUMBER: z.string().optional(),
  /** Deepgram API root; tests point it at a local fake. */
  DEEPGRAM_API_BASE_URL: z.url().default('https://api.deepgram.com'),
  /** Deepgram key for transcribing recordings; without it the provider's own transcript is kept. */
  DEEPGRAM_API_KEY: z.string().optional(),
  /** How long one call to Vapi, Twilio or Deepgram may take before it fails. */
  VOICE_PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema
    .refine((config) => config.HTTP_HEADERS_TIMEOUT_SECONDS <= config.HTTP_REQUEST_TIMEOUT_SECONDS, {
      path: ['HTTP_HEADERS_TIMEOUT_SECONDS'],
      message: 'must not be more than HTTP_REQUEST_TIMEOUT_SECONDS',
    })
    .safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
