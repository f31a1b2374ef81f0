/**
 * `npm run eval [files...]`: runs scripted conversations through real knowledge retrieval (an
 * embedded PostgreSQL, agents and documents created through the services) and the builtin
 * provider, and scores answers, captures and handoffs. Results go to eval/RESULTS.md when run
 * on the committed conversations. `answerTurn` is the one step to swap for the full runtime.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '../bench/fresh-database.js';
import { connectDatabase } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createServices } from '../src/services.js';
import { SYSTEM_ACTOR } from '../src/shared/actor.js';
import { BuiltinProvider } from '../src/modules/agent-runtime/providers/builtin.js';
import { searchKnowledge } from '../src/modules/knowledge/knowledge.service.js';
import { detectLanguage } from '../src/modules/knowledge/language.js';
import type { TurnContext, TurnMessage } from '../src/modules/agent-runtime/provider.js';
import { parseScenario, type Scenario, type Turn } from './scenario.js';
import { emptyScore, formatReport, scoreTurn, type Score } from './score.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface ChatState {
  workspaceId: number;
  agentId: number;
  messages: TurnMessage[];
  known: Record<string, string>;
  misses: number;
  handedOff: boolean;
}

export interface TurnOutcome {
  reply: string | null;
  captured: Record<string, string>;
  handedOff: boolean;
  answered: boolean;
}

/** One customer message in, the agent's turn out: what the runtime does per turn, minus the channel. */
async function answerTurn(
  db: Parameters<typeof searchKnowledge>[0],
  provider: BuiltinProvider,
  scenario: Scenario,
  state: ChatState,
  text: string,
): Promise<TurnOutcome> {
  state.messages.push({ role: 'customer', text, at: new Date() });
  // After a handoff the runtime never answers: a person has the chat.
  if (state.handedOff) return { reply: null, captured: {}, handedOff: false, answered: false };
  const language = scenario.agent.language === 'auto' ? (detectLanguage(text) ?? 'auto') : scenario.agent.language;
  const passages = await searchKnowledge(db, state.workspaceId, state.agentId, text, language, 5);
  const context: TurnContext = {
    agent: {
      name: scenario.business,
      instructions: '',
      language: scenario.agent.language,
      model: null,
      temperature: null,
      maxTokens: null,
      captureFields: scenario.agent.captureFields,
      handoffKeywords: scenario.agent.handoffKeywords,
      handoffAfterMisses: scenario.agent.handoffAfterMisses,
    },
    messages: state.messages,
    known: state.known,
    passages,
    misses: state.misses,
    defaultPhoneCountry: scenario.country,
  };
  const reply = await provider.reply(context, {});
  const captured: Record<string, string> = {};
  let handedOff = false;
  for (const call of reply.toolCalls) {
    if (call.name === 'capture_contact') {
      const { customFields, ...fields } = call.arguments as Record<string, unknown>;
      Object.assign(captured, fields, customFields ?? {});
    }
    if (call.name === 'handoff_to_human') handedOff = true;
  }
  Object.assign(state.known, captured);
  state.misses = reply.answered ? 0 : state.misses + 1;
  state.handedOff = handedOff;
  if (reply.text) state.messages.push({ role: 'agent', text: reply.text, at: new Date() });
  return { reply: reply.text, captured, handedOff, answered: reply.answered };
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length > 0 ? args : await defaultFiles();
  const scenarios = await Promise.all(files.map(async (file) => parseScenario(JSON.parse(await readFile(file, 'utf8')), file)));
  const database = await freshDatabase('eval');
  const handle = connectDatabase(database.url, { max: 4 });
  try {
    await migrateDatabase(handle.db);
    const services = createServices(handle.db, loadConfig({}));
    const provider = new BuiltinProvider();
    const score: Score = emptyScore();
    const failures: string[] = [];
    for (const scenario of scenarios) {
      const { apiKey } = await services.workspaces.createWorkspace(scenario.business);
      const { workspaceId } = (await services.workspaces.authenticate(apiKey))!;
      const tenant = (await services.workspaces.tenantFor(workspaceId, SYSTEM_ACTOR))!;
      const agent = await services.agents.createAgent(tenant, 'agent', { name: scenario.business, agent: scenario.agent });
      for (const document of scenario.knowledge) await services.knowledge.createDocument(tenant, { id: agent.id }, document);
      for (const conversation of scenario.conversations) {
        const state: ChatState = {
          workspaceId: tenant.workspaceId,
          agentId: agent.id,
          messages: [],
          known: {},
          misses: 0,
          handedOff: false,
        };
        let handedOffBefore = false;
        for (const [index, turn] of conversation.turns.entries()) {
          const outcome = await answerTurn(handle.db, provider, scenario, state, turn.customer);
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
