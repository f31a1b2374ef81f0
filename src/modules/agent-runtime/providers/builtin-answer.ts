import { contentStems, fold, relatedWords, sameStem, stem, words } from '../../knowledge/words.js';
import type { KnowledgePassage } from '../provider.js';

export interface PickedAnswer {
  text: string;
  score: number;
}

/** Sentence ends: a stop followed by a space and a capital or digit, but not after "Av.", "St.", "Dr." or an initial. */
const SENTENCE_END = /(?<!\b(?:Av|Ave|St|Dr|Mr|Mrs|Ms|Sr|Sra|Srta|No|Nº|Col|Blvd|Ing|Lic|Inc|Ltd|etc|[A-Z]))([.!?]+)\s+(?=[\p{Lu}¿¡\d"(])/u;

function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) =>
      line.split(new RegExp(SENTENCE_END.source, 'gu')).reduce<string[]>((sentences, part, index) => {
        // split() keeps the captured stop marks as separate items: glue them back.
        if (index % 2 === 1) sentences[sentences.length - 1] += part;
        else sentences.push(part);
        return sentences;
      }, []),
    )
    .map((sentence) => sentence.replace(/^[-*\s]+/, '').trim())
    .filter((sentence) => sentence.length > 2);
}

const MONEY = /[$€£]\s?\d|\d\s?(?:pesos|euros|dollars|dólares|dolares|usd|mxn|eur)\b/i;
const TIME = /\b\d{1,2}(?::\d{2}|\s?(?:am|pm|h)\b)/i;
const ASKS_PRICE =
  /\b(?:how much|price|prices|cost|costs|fee|fees|cuanto cuesta|cuanto cuestan|cuanto es|cuanto sale|precio|precios|costo|cuesta|cuestan|tarifa)\b/;
const ASKS_TIME = /\b(?:what time|when|hours|open|close|a que hora|horario|abren|cierran|cuando)\b/;

/** Answers of the kind asked get a lift: an amount for "how much", a time for "what time". */
function kindBonus(sentence: string, question: string): number {
  let bonus = 0;
  if (ASKS_PRICE.test(question) && MONEY.test(sentence)) bonus += 1;
  if (ASKS_TIME.test(question) && TIME.test(sentence)) bonus += 0.5;
  return bonus;
}

/** How well a sentence meets the question: 1 per question word it holds, 0.4 per related word. */
function scoreSentence(sentence: string, asked: string[], related: string[]): number {
  return matchedStems(sentence, asked).length + matchedStems(sentence, related).length * 0.4;
}

function matchedStems(text: string, wanted: string[]): string[] {
  const stems = words(text).map(stem);
  return wanted.filter((word) => stems.some((candidate) => sameStem(candidate, word)));
}

/**
 * The sentences of the best passages that answer `question`: the best-scoring sentence, and a
 * neighbour that also scores (an answer often spans two), or null when nothing scores enough.
 */
export function pickAnswer(question: string, passages: KnowledgePassage[]): PickedAnswer | null {
  const asked = contentStems(question);
  const related = [...new Set(relatedWords(question).map(stem))].filter((word) => !asked.includes(word));
  const folded = fold(question);
  if (asked.length === 0) return null;
  type Candidate = { sentences: string[]; index: number; score: number; title: string; scores: number[] };
  let best: Candidate | null = null;
  for (const passage of passages.slice(0, 4)) {
    const sentences = sentencesOf(passage.text);
    const headingScore = scoreSentence(passage.title, asked, related) * 0.5;
    const scores = sentences.map((sentence) => scoreSentence(sentence, asked, related) + headingScore + kindBonus(sentence, folded));
    scores.forEach((score, index) => {
      if (!best || score > best.score) best = { sentences, index, score, title: passage.title, scores };
    });
  }
  const found = best as Candidate | null;
  if (!found || found.score < 1) return null;
  // Neighbours that also answer join in: answers often span two sentences.
  const threshold = Math.max(0.8, found.score / 2);
  const indexes = [found.index - 1, found.index, found.index + 1].filter(
    (index) => index === found.index || (found.scores[index] !== undefined && found.scores[index]! >= threshold),
  );
  const chosen = indexes.map((index) => found.sentences[index]!);
  // At least half of what was asked must be there (title included): "fertilizer?" is not
  // answered by a sentence that only shares "sell".
  // A word of the question's group ("hours" for "what time") covers one asked word.
  const answered = `${found.title} ${chosen.join(' ')}`;
  const covered = matchedStems(answered, asked).length + (matchedStems(answered, related).length > 0 ? 1 : 0);
  if (covered / asked.length < 0.5) return null;
  const text = chosen.join(' ');
  return { text: /[.!?]$/.test(text) ? text : `${text}.`, score: found.score };
}
