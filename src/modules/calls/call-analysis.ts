import type { CallCategory } from './calls.schemas.js';

export interface CallFacts {
  objectives: string[];
  endedReason: string | null;
  status: string;
  duration: number | null;
  transcript: string;
}

export interface CallAnalysis {
  summary: string;
  /** 0–100: how well the call met its objectives. */
  agentScore: number;
  category: CallCategory;
  /** When the contact asked to be called back, if they said. */
  callbackAt?: Date;
}

/**
 * What judges a finished call: the configured OpenAI-compatible model (call-analysis-llm.ts)
 * when LLM_BASE_URL is set, else the rules below, which need no model (call-analyzers.ts picks).
 */
export type CallAnalyzer = (facts: CallFacts) => Promise<CallAnalysis>;

const patterns: Array<[CallCategory, RegExp]> = [
  ['wrong number', /\b(wrong number|número equivocado|numero equivocado|no es (aquí|aqui|este número))\b/i],
  ['callback', /\b(call (me )?(back|later|tomorrow)|ll[aá]mame (m[aá]s tarde|mañana|despu[eé]s)|vuelva a llamar|call again)\b/i],
  ['not interested', /\b(not interested|no (me )?interesa|no gracias|no, thanks|don'?t call)\b/i],
  ['interested', /\b(interested|me interesa|sounds good|send (me )?(the|more)|yes,? please|s[ií],? por favor|agend|book|schedule)\b/i],
];

/** Rules over Vapi's/Twilio's ended reason and the transcript's words. */
export const analyzeCallByRules: CallAnalyzer = async (facts) => {
  const reason = (facts.endedReason ?? '').toLowerCase();
  const text = facts.transcript;
  let category: CallCategory = 'other';
  if (/voicemail/.test(reason)) category = 'voicemail';
  else if (/no-answer|customer-did-not-answer|busy|canceled/.test(reason)) category = 'no answer';
  else if (facts.status === 'failed' || /error|failed|provider-fault/.test(reason)) category = 'failed';
  else category = patterns.find(([, pattern]) => pattern.test(text))?.[0] ?? 'other';
  const customerTurns = text.split('\n').filter((line) => /^(user|customer|speaker 1)\b/i.test(line)).length;
  const base: Record<CallCategory, number> = {
    interested: 85,
    callback: 65,
    'not interested': 40,
    other: 35,
    voicemail: 10,
    'wrong number': 5,
    'no answer': 0,
    failed: 0,
  };
  const agentScore = Math.min(
    100,
    base[category] + (category === 'interested' || category === 'callback' ? Math.min(10, customerTurns * 2) : 0),
  );
  const minutes = facts.duration !== null ? ` in ${Math.round(facts.duration)} s` : '';
  const summary = `Call ${category === 'no answer' || category === 'failed' ? 'not held' : 'held'}${minutes}: ${category}${
    facts.objectives.length ? `. Objectives: ${facts.objectives.join('; ')}` : ''
  }. Ended: ${facts.endedReason ?? facts.status}.`;
  const callbackAt = category === 'callback' ? tomorrowAtTen() : undefined;
  return { summary, agentScore, category, ...(callbackAt ? { callbackAt } : {}) };
};

function tomorrowAtTen(now = new Date()): Date {
  const date = new Date(now);
  date.setUTCDate(date.getUTCDate() + 1);
  date.setUTCHours(10, 0, 0, 0);
  return date;
}
