/**
 * `npm run eval [files...]`: runs scripted conversations through the real agent runtime (an
 * embedded PostgreSQL; agents, documents, API-channel chats and customer messages created
 * through the services; the runtime's outbox consumer and turn job run by the background's
 * drain) with the builtin provider, and scores answers, captures and handoffs. Results go to
 * eval/RESULTS.md when run on the committed conversations.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { freshDatabase } from '../bench/fresh-database.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createBackground, type Background } from '../src/jobs/background.js';
import { createServices, type Services } from '../src/services.js';
import { SYSTEM_ACTOR } from '../src/shared/actor.js';
import type { Tenant } from '../src/shared/tenant.js';
import type { RecordedToolCall } from '../src/modules/agent-runtime/agent-runs.table.js';
import { parseScenario, type Scenario, type Turn } from './scenario.js';
import { emptyScore, formatReport, scoreTurn, type Score } from './score.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TurnOutcome {
  reply: string | null;
  captured: Record<string, string>;
  handedOff: boolean;
  answered: boolean;
}

interface Runtime {
  handle: DatabaseHandle;
  services: Services;
  background: Background;
  tenant: Tenant;
}

/**
 * One customer message in, through the API's send path; the background drains (the runtime's
 * consumer queues the turn, the turn job answers); the turn's run and reply read back. A chat
 * the runtime did not answer (handed off) has no new run: no reply.
 */
async function answerTurn(runtime: Runtime, chatUuid: string, text: string): Promise<TurnOutcome> {
  const { services, background, tenant, handle } = runtime;
  const asked = await services.messages.sendChatMessage(tenant, chatUuid, { content: text, role: 'user' });
  await background.drain();
  const { rows } = await handle.pool.query<{
    outcome: string | null;
    answered: boolean | null;
    tool_calls: RecordedToolCall[];
    reply: string | null;
  }>(
    `SELECT run.outcome, run.answered, run.tool_calls, reply.content AS reply
     FROM agent_runs run
     JOIN messages asked ON asked.workspace_id = run.workspace_id AND asked.id = run.answered_message_id
     LEFT JOIN messages reply ON reply.workspace_id = run.workspace_id AND reply.id = run.reply_message_id
     WHERE run.workspace_id = $1 AND asked.uuid = $2`,
    [tenant.workspaceId, asked.uuid],
  );
  const run = rows[0];
  if (!run) return { reply: null, captured: {}, handedOff: false, answered: false };
  const captured: Record<string, string> = {};
  for (const call of run.tool_calls) {
    if (call.name !== 'capture_contact' || call.outcome !== 'applied') continue;
    const { customFields, ...fields } = call.arguments as Record<string, unknown>;
    Object.assign(captured, fields, customFields ?? {});
  }
  return { reply: run.reply, captured, handedOff: run.outcome === 'handoff', answered: run.answered === true };
}

const ignore = () => {};
/** The background's log: its errors (a failed turn) go to stderr, where a run's problems show. */
const errorsOnly = {
  level: 'error',
  fatal: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
  silent: ignore,
  error: (object: unknown, message?: string) => console.error(message ?? '', object),
  child: () => errorsOnly,
} as unknown as FastifyBaseLogger;

/** Services and a background of their own per scenario: the scenario's country is the server's DEFAULT_PHONE_COUNTRY. */
async function startRuntime(handle: DatabaseHandle, scenario: Scenario): Promise<Runtime> {
  const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), DEFAULT_PHONE_COUNTRY: scenario.country, LLM_BASE_URL: undefined };
  const services = createServices(handle.db, config);
  const background = createBackground({ db: handle.db, config, services, log: errorsOnly });
  // As a server's start does: the runtime's consumer begins at the newest event.
  await background.drain();
  const { apiKey } = await services.workspaces.createWorkspace(scenario.business);
  const { workspaceId } = (await services.workspaces.authenticate(apiKey))!;
  const tenant = (await services.workspaces.tenantFor(workspaceId, SYSTEM_ACTOR))!;
  return { handle, services, background, tenant };
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args : await defaultFiles();
  const scenarios = await Promise.all(files.map(async (file) => parseScenario(JSON.parse(await readFile(file, 'utf8')), file)));
  const database = await freshDatabase('eval');
  const handle = connectDatabase(database.url, { max: 6 });
  try {
    await migrateDatabase(handle.db);
    const score: Score = emptyScore();
    const failures: string[] = [];
    for (const scenario of scenarios) {
      const runtime = await startRuntime(handle, scenario);
      const { services, tenant } = runtime;
      const agent = await services.agents.createAgent(tenant, 'agent', {
        name: scenario.business,
        agent: { ...scenario.agent, replyDelayMs: 0 },
      });
      for (const document of scenario.knowledge) await services.knowledge.createDocument(tenant, { id: agent.id }, document);
      const channel = await services.channels.createChannel(tenant, { type: 'api', name: 'Eval' });
      for (const conversation of scenario.conversations) {
        const contact = await services.contacts.createContact(tenant, {});
        const chat = await services.chats.createChat(tenant, {
          ownerUuid: contact.uuid,
          channelUuid: channel.uuid,
          responderUuid: agent.uuid,
          title: conversation.id,
        });
        let handedOffBefore = false;
        for (const [index, turn] of conversation.turns.entries()) {
          const outcome = await answerTurn(runtime, chat.uuid, turn.customer);
          const problems = scoreTurn(score, turn as Turn, outcome, handedOffBefore);
          if (problems.length > 0) {
            failures.push(
              `${scenario.file} ${conversation.id} turn ${index + 1}: "${turn.customer}" → ${JSON.stringify(outcome.reply)} ${JSON.stringify(outcome.captured)}: ${problems.join('; ')}`,
            );
          }
          handedOffBefore ||= outcome.handedOff;
        }
        score.conversations += 1;
      }
      await runtime.background.stop();
    }
    const report = formatReport(score, scenarios, failures);
    console.log(report);
    if (args.length === 0) await writeResults(report);
  } finally {
    await handle.close();
    await database.drop();
  }
}

/** Writes RESULTS.md, keeping its hand-written held-out section (from "## Held-out check" on). */
async function writeResults(report: string): Promise<void> {
  const file = path.join(here, 'RESULTS.md');
  const previous = await readFile(file, 'utf8').catch(() => '');
  const heldOut = previous.indexOf('## Held-out check');
  await writeFile(file, heldOut >= 0 ? `${report}\n${previous.slice(heldOut)}` : report);
}

async function defaultFiles(): Promise<string[]> {
  const directory = path.join(here, 'conversations');
  return (await readdir(directory))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(directory, name));
}

await main();
