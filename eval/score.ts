import { fold } from '../src/modules/knowledge/words.js';
import type { Scenario, Turn } from './scenario.js';

interface Ratio {
  hits: number;
  total: number;
}

export interface Score {
  conversations: number;
  turns: number;
  answers: Ratio;
  /** Unanswerable questions the agent said it could not answer (answered=false). */
  honest: Ratio;
  /** Per field: expected values captured (recall) and captures that were right (precision). */
  captureRecall: Record<string, Ratio>;
  capturePrecision: Record<string, Ratio>;
  explicitHandoffs: Ratio;
  /** Handoffs on turns that expected none, over those turns. */
  falseHandoffs: Ratio;
  answersAfterHandoff: number;
}

export function emptyScore(): Score {
  return {
    conversations: 0,
    turns: 0,
    answers: { hits: 0, total: 0 },
    honest: { hits: 0, total: 0 },
    captureRecall: {},
    capturePrecision: {},
    explicitHandoffs: { hits: 0, total: 0 },
    falseHandoffs: { hits: 0, total: 0 },
    answersAfterHandoff: 0,
  };
}

const normalize = (text: string) => fold(text).replace(/\s+/g, ' ').trim();

function bump(map: Record<string, Ratio>, field: string, hit: boolean) {
  const ratio = (map[field] ??= { hits: 0, total: 0 });
  ratio.total += 1;
  if (hit) ratio.hits += 1;
}

/** Scores one turn and returns what went wrong (for the failure list). */
export function scoreTurn(
  score: Score,
  turn: Turn,
  outcome: { reply: string | null; captured: Record<string, string>; handedOff: boolean; answered: boolean },
  handedOffBefore: boolean,
): string[] {
  const problems: string[] = [];
  score.turns += 1;
  if (handedOffBefore) {
    if (outcome.reply !== null) {
      score.answersAfterHandoff += 1;
      problems.push('answered after the handoff');
    }
    return problems;
  }
  if (turn.facts && turn.facts.length > 0) {
    const reply = normalize(outcome.reply ?? '');
    const missing = turn.facts.filter((fact) => !reply.includes(normalize(fact)));
    score.answers.total += 1;
    if (missing.length === 0) score.answers.hits += 1;
    else problems.push(`reply lacks ${missing.map((fact) => JSON.stringify(fact)).join(', ')}`);
  }
  if (turn.answerable === false) {
    score.honest.total += 1;
    if (!outcome.answered) score.honest.hits += 1;
    else problems.push('claimed an answer the knowledge base does not hold');
  }
  const expected = turn.capture ?? {};
  for (const [field, value] of Object.entries(expected)) {
    const hit = outcome.captured[field] !== undefined && normalize(outcome.captured[field]!) === normalize(value);
    bump(score.captureRecall, field, hit);
    if (!hit) problems.push(`${field} not captured as ${JSON.stringify(value)}`);
  }
  for (const [field, value] of Object.entries(outcome.captured)) {
    const right = expected[field] !== undefined && normalize(expected[field]!) === normalize(String(value));
    bump(score.capturePrecision, field, right);
    if (!right && expected[field] === undefined) problems.push(`captured ${field} ${JSON.stringify(value)} that was not given`);
  }
  if (turn.handoff === true) {
    score.explicitHandoffs.total += 1;
    if (outcome.handedOff) score.explicitHandoffs.hits += 1;
    else problems.push('did not hand off on an explicit request');
  } else {
    score.falseHandoffs.total += 1;
    if (outcome.handedOff && turn.answerable !== false) {
      score.falseHandoffs.hits += 1;
      problems.push('handed off without being asked');
    }
  }
  return problems;
}

const percent = (ratio: Ratio) => (ratio.total === 0 ? 'n/a' : `${((100 * ratio.hits) / ratio.total).toFixed(1)}%`);
const sum = (map: Record<string, Ratio>) =>
  Object.values(map).reduce((total, ratio) => ({ hits: total.hits + ratio.hits, total: total.total + ratio.total }), { hits: 0, total: 0 });
const rate = (ratio: Ratio) => (ratio.total === 0 ? 1 : ratio.hits / ratio.total);

export function formatReport(score: Score, scenarios: Scenario[], failures: string[]): string {
  const recall = sum(score.captureRecall);
  const precision = sum(score.capturePrecision);
  const targets: [string, string, string, boolean][] = [
    ['Answer hit rate', percent(score.answers), '≥ 85%', rate(score.answers) >= 0.85],
    ['Capture recall (all fields)', percent(recall), '≥ 95%', rate(recall) >= 0.95],
    ['Capture precision (all fields)', percent(precision), '≥ 98%', rate(precision) >= 0.98],
    ['Explicit-handoff recall', percent(score.explicitHandoffs), '100%', rate(score.explicitHandoffs) === 1],
    [
      'False handoffs',
      percent(score.falseHandoffs),
      '≤ 2%',
      score.falseHandoffs.total === 0 || score.falseHandoffs.hits / score.falseHandoffs.total <= 0.02,
    ],
    ['Answers after handoff', String(score.answersAfterHandoff), '0', score.answersAfterHandoff === 0],
  ];
  const fields = [...new Set([...Object.keys(score.captureRecall), ...Object.keys(score.capturePrecision)])].sort();
  const kinds = [...new Set(scenarios.map((scenario) => scenario.kind))].join(', ');
  const languages = [...new Set(scenarios.flatMap((scenario) => scenario.conversations.map((conversation) => conversation.language)))].join(
    ', ',
  );
  return [
    '# Agent evaluation (builtin provider)',
    '',
    `${score.conversations} conversations (${score.turns} customer turns) in ${scenarios.length} files: ${kinds}; languages ${languages}.`,
    'Each ran through the real agent runtime (an embedded PostgreSQL; agents, documents, API-channel chats and customer messages created through the services; the outbox consumer and the turn job run by the background) with the builtin provider. Reproduce with `npm run eval`.',
    '',
    '| measure | result | target | met |',
    '| --- | --- | --- | --- |',
    ...targets.map(([name, result, target, met]) => `| ${name} | ${result} | ${target} | ${met ? 'yes' : 'no'} |`),
    `| Honest "no answer" on questions outside the knowledge base | ${percent(score.honest)} | | |`,
    '',
    '## Capture per field',
    '',
    '| field | recall | precision |',
    '| --- | --- | --- |',
    ...fields.map(
      (field) =>
        `| ${field} | ${percent(score.captureRecall[field] ?? { hits: 0, total: 0 })} (${score.captureRecall[field]?.hits ?? 0}/${score.captureRecall[field]?.total ?? 0}) | ${percent(score.capturePrecision[field] ?? { hits: 0, total: 0 })} (${score.capturePrecision[field]?.hits ?? 0}/${score.capturePrecision[field]?.total ?? 0}) |`,
    ),
    '',
    '## Misses',
    '',
    failures.length === 0 ? 'None.' : failures.map((failure) => `- ${failure}`).join('\n'),
    '',
    'Answers after handoff: measured on the runtime itself. After a handoff the customer keeps writing; any reply the runtime stores on the chat counts.',
    '',
  ].join('\n');
}
