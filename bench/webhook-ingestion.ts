/**
 * Benchmark (e): signed inbound webhook ingestion rate.
 *
 * Creates a WhatsApp channel through the API (a fresh phone number id and app secret each
 * run), then drives `POST /webhooks/whatsapp` with autocannon with realistic Cloud API
 * text-message deliveries, each with its own `wamid` and signed with `X-Hub-Signature-256`:
 * first one message from each of `senders` new numbers (each creates a contact and a chat;
 * this phase also warms the server up), then, timed, messages from those senders in turn
 * (contacts and chats found and reused), for `seconds`. Every body is made and signed before
 * the load starts, so the load generator (which shares the machine with the server and
 * PostgreSQL) spends its CPU on sending only. Afterwards it counts through the API how many
 * messages the channel's chats hold (about one call per sender: run the server with
 * RATE_LIMIT_ENABLED=false). The webhook acknowledges a delivery once it is stored and processes
 * it in the background, so the count is repeated until it reaches the acknowledged deliveries or
 * stops growing (or CATCH_UP_TIMEOUT_MS passes); `catchUpSeconds` is how long that took.
 */
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import autocannon from 'autocannon';

export interface WebhookIngestionOptions {
  serverUrl: string;
  apiKey: string;
  /** Length of the timed run. */
  seconds: number;
  /** Different sender numbers (each gets a contact and a chat). Default 1,000. */
  senders?: number;
  /** Concurrent connections. Default 32. */
  connections?: number;
  /**
   * Called once the first delivery is acknowledged (its processing creates the workspace's
   * first chat and, with it, the default agent): e.g. disableAgents.
   */
  onFirstDelivery?: () => Promise<void>;
  /** Called right before and after the timed run (e.g. to read the server's CPU time). */
  onTimedRun?: (phase: 'start' | 'end') => void | Promise<void>;
}

export interface WebhookIngestionResult {
  /** 2xx answers per second of the timed run: messages from senders who already have a contact and a chat. */
  requestsPerSecond: number;
  /** 2xx answers per second of the first phase: each sender's first message, which creates their contact and chat. */
  newSenderRequestsPerSecond: number;
  /** Non-2xx answers plus connection errors and timeouts, both phases. */
  non2xx: number;
  /** Messages the channel holds afterwards (every acknowledged delivery must be among them). */
  stored: number;
  /** Seconds from the end of the timed run until `stored` was counted for the last time (processing caught up). */
  catchUpSeconds: number;
  /** Deliveries answered 2xx, both phases: `stored` must be at least this. */
  acknowledged: number;
  /** Deliveries put on the wire (each wamid at most once): `stored` can be at most this. */
  sent: number;
  latencyP50: number;
  latencyP99: number;
  connections: number;
}

/** Bodies made per second of the timed run before it starts; beyond them bodies are signed on the fly. */
const PREPARED_PER_SECOND = 5_000;
const WEBHOOK_PATH = '/webhooks/whatsapp';
/** Longest wait for processing to catch up after the run. */
const CATCH_UP_TIMEOUT_MS = 300_000;

export async function measureWebhookIngestion(options: WebhookIngestionOptions): Promise<WebhookIngestionResult> {
  const senderCount = options.senders ?? 1_000;
  const connections = options.connections ?? 32;
  const api = apiClient(options.serverUrl, options.apiKey);

  const runId = randomBytes(4).toString('hex');
  const phoneNumberId = `9${Date.now()}${randomInt(1000, 9999)}`;
  const appSecret = randomBytes(24).toString('hex');
  const channel = (await api.post('/api/v1/channels', {
    type: 'whatsapp',
    name: `Webhook benchmark ${runId}`,
    settings: {
      phoneNumber: `+5693${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
      phoneNumberId,
      businessAccountId: '102290129340398',
      accessToken: `bench-token-${runId}`,
      appSecret,
      verifyToken: `bench-verify-${runId}`,
    },
  })) as { uuid: string };

  // Chilean mobiles +56 9 XXXX XXXX under a per-run prefix, so each run starts with new contacts
  // (and none of bench/seed.ts's +56 91XX XXXX).
  const prefix = String(randomInt(2000, 10_000));
  const senders = Array.from({ length: senderCount }, (_, index) => ({
    waId: `569${prefix}${String(index).padStart(4, '0')}`,
    name: `${FIRST_NAMES[index % FIRST_NAMES.length]} Sender${index}`,
  }));
  const delivery = deliveries(phoneNumberId, appSecret, runId, senders);
  // Every body is made and signed now, before any load: first messages (one per sender), then
  // the timed run's, from the senders in turn.
  const firsts = senders.map((_, index) => delivery(index));
  const later = Array.from({ length: Math.ceil(options.seconds * PREPARED_PER_SECOND) }, (_, index) => delivery(senderCount + index));
  let sent = 0;
  const take = () => {
    const index = sent++;
    return firsts[index] ?? later[index - senderCount] ?? delivery(index);
  };

  // One delivery alone first: the workspace's first chat may create its default agent.
  const first = take();
  const answer = await fetch(`${options.serverUrl}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: first.headers,
    body: new Uint8Array(first.body),
  });
  if (answer.status !== 200) throw new Error(`the first webhook delivery answered ${answer.status}: ${await answer.text()}`);
  await answer.arrayBuffer();
  await options.onFirstDelivery?.();

  /** One autocannon run, timed here: autocannon's own `duration` is in whole seconds. */
  const load = async (limit: { amount: number } | { duration: number }) => {
    const started = performance.now();
    const result = await autocannon({
      url: `${options.serverUrl}${WEBHOOK_PATH}`,
      connections,
      ...limit,
      requests: [
        {
          method: 'POST',
          path: WEBHOOK_PATH,
          setupRequest: (request) => ({ ...request, ...take() }),
        },
      ],
    });
    return { ...result, seconds: (performance.now() - started) / 1000 };
  };
  // The other senders' first messages (this also warms the server up); bodies a connection
  // built but did not send go out first in the timed run.
  const newSenders = await load({ amount: senderCount - 1 });
  await options.onTimedRun?.('start');
  const timed = await load({ duration: options.seconds });
  await options.onTimedRun?.('end');

  const ended = performance.now();
  const acknowledged = 1 + newSenders['2xx'] + timed['2xx'];
  // A request cut off when the run ended may still be committing, and processing is asynchronous:
  // count until every acknowledged delivery is stored, or the count stops growing for 30 s
  // (a batch of new senders can take seconds).
  let stored = -1;
  let unchanged = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counted = await countStoredMessages(api, channel.uuid);
    unchanged = counted === stored ? unchanged + 1 : 0;
    stored = counted;
    if (stored >= acknowledged || unchanged >= 60 || performance.now() - ended > CATCH_UP_TIMEOUT_MS) break;
  }
  const catchUpSeconds = (performance.now() - ended) / 1000;
  return {
    requestsPerSecond: timed['2xx'] / timed.seconds,
    newSenderRequestsPerSecond: newSenders['2xx'] / newSenders.seconds,
    non2xx: newSenders.non2xx + newSenders.errors + timed.non2xx + timed.errors,
    stored,
    catchUpSeconds,
    acknowledged,
    sent,
    latencyP50: timed.latency.p50,
    latencyP99: timed.latency.p99,
    connections,
  };
}

interface Delivery {
  body: Buffer;
  headers: Record<string, string>;
}

/** The `index`-th delivery: one text message from sender `index % senders`, with its own wamid, signed. */
function deliveries(phoneNumberId: string, appSecret: string, runId: string, senders: { waId: string; name: string }[]) {
  const timestamp = Math.floor(Date.now() / 1000);
  return (index: number): Delivery => {
    const sender = senders[index % senders.length]!;
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '102290129340398',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
                contacts: [{ profile: { name: sender.name }, wa_id: sender.waId }],
                messages: [
                  {
                    from: sender.waId,
                    id: `wamid.HBgL${runId}${index.toString(36).padStart(8, '0')}FQIAEhgUM0EwQjU2RjY5QTk5NkU4QjFCMDcA`,
                    timestamp: String(timestamp + Math.floor(index / 1000)),
                    type: 'text',
                    text: { body: MESSAGES[index % MESSAGES.length]! },
                  },
                ],
              },
            },
          ],
        },
      ],
    };
    const body = Buffer.from(JSON.stringify(payload));
    return {
      body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
      },
    };
  };
}

/** Messages in the channel's chats, counted through the API (X-Total-Count of each chat's messages). */
async function countStoredMessages(api: ReturnType<typeof apiClient>, channelUuid: string): Promise<number> {
  const chatIds: string[] = [];
  for (let page = 1; ; page++) {
    const { body, headers } = await api.get(`/api/v1/chats?channelIds=${channelUuid}&pageSize=100&pageNumber=${page}`);
    chatIds.push(...(body as { id: string }[]).map((chat) => chat.id));
    if (chatIds.length >= Number(headers.get('x-total-count')) || (body as unknown[]).length === 0) break;
  }
  let stored = 0;
  const queue = [...chatIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let chatId = queue.pop(); chatId; chatId = queue.pop()) {
        const { headers } = await api.get(`/api/v1/chats/${chatId}/messages?pageSize=1`);
        stored += Number(headers.get('x-total-count'));
      }
    }),
  );
  return stored;
}

function apiClient(serverUrl: string, apiKey: string) {
  const call = async (method: 'GET' | 'POST', path: string, payload?: object) => {
    const response = await fetch(`${serverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return { body: JSON.parse(text) as unknown, headers: response.headers };
  };
  return {
    get: (path: string) => call('GET', path),
    post: async (path: string, payload: object) => (await call('POST', path, payload)).body,
  };
}

const FIRST_NAMES = ['Maria', 'Jose', 'Ana', 'Luis', 'Sofia', 'Diego', 'Camila', 'Pedro', 'Lucia', 'Javier'];
const MESSAGES = [
  'Hi, is my order ready?',
  'Can I change the delivery address to Av. Providencia 1234?',
  'Thanks!',
  'What are your opening hours on Saturday?',
  'I was charged twice for order #48213, can you check?',
  'Ok 👍',
  'Do you ship to Valparaíso?',
  'Hola, necesito ayuda con mi pedido',
];

/**
 * Turns the workspace's agents off once the first chat has created its default agent (within
 * 30 s), so that a run measures messages stored and handed to the agent runtime, not agent
 * answers: without it every message also runs an agent turn and a reply to the provider.
 * `enabled: true` turns them back on (a database kept between runs).
 */
export async function disableAgents(
  client: { query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }> },
  enabled = false,
): Promise<void> {
  for (const ends = performance.now() + 30_000; performance.now() < ends;) {
    const { rowCount } = await client.query(`UPDATE agents SET settings = settings || jsonb_build_object('enabled', $1::boolean)`, [
      enabled,
    ]);
    if (rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no agent was created within 30 s of the first delivery');
}
