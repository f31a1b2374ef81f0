import { detectLanguage } from '../../knowledge/language.js';
import { contentStems } from '../../knowledge/words.js';
import type { AgentProvider, CaptureFieldName, ProviderReply, ToolCall, TurnContext } from '../provider.js';
import { pickAnswer } from './builtin-answer.js';
import { extractDetails, type ExtractedDetails } from './builtin-extract.js';
import { asksForPerson, handoffKeywordIn, isGreeting, isQuestion, isThanks } from './builtin-intents.js';
import { askedField, fieldLabel, phrases, type ReplyLanguage } from './builtin-phrases.js';

const MODEL = 'builtin-1';

/** The customer messages this turn answers: those after the last agent or operator message. */
function pendingCustomerText(context: TurnContext): string {
  const pending: string[] = [];
  for (let index = context.messages.length - 1; index >= 0; index -= 1) {
    const message = context.messages[index]!;
    if (message.role !== 'customer') break;
    pending.unshift(message.text);
  }
  return pending.join('\n');
}

function lastAgentText(context: TurnContext): string | undefined {
  return [...context.messages].reverse().find((message) => message.role !== 'customer')?.text;
}

function replyLanguage(context: TurnContext, text: string): ReplyLanguage {
  if (context.agent.language !== 'auto') return context.agent.language;
  const detected =
    detectLanguage(text) ??
    detectLanguage(
      context.messages
        .filter((message) => message.role === 'customer')
        .map((message) => message.text)
        .join(' '),
    );
  return detected ?? 'en';
}

/** Details that are new (not already known with the same value), as one capture_contact call. */
function captureCall(details: ExtractedDetails, known: TurnContext['known'], id: string): ToolCall | null {
  const args: Record<string, unknown> = {};
  for (const field of ['name', 'email', 'phone', 'company'] as const) {
    const value = details[field];
    if (value && known[field] !== value) args[field] = value;
  }
  const custom = Object.entries(details.customFields ?? {}).filter(([key, value]) => known[key] !== value);
  if (custom.length > 0) args.customFields = Object.fromEntries(custom);
  return Object.keys(args).length > 0 ? { id, name: 'capture_contact', arguments: args } : null;
}

/** The text with the captured details taken out, so "I'm Ana, ana@x.com" is not taken for a question. */
function withoutDetails(text: string, details: ExtractedDetails): string {
  let rest = text;
  for (const value of [details.email, details.name, details.company, ...Object.values(details.customFields ?? {})]) {
    if (value) rest = rest.split(value).join(' ');
  }
  return rest
    .replace(/[+()\d][\d\s().-]{6,}\d/g, ' ')
    .replace(/\b(my name is|me llamo|mi nombre es|i work at|i work for|trabajo en|trabajo para|soy de|soy|i'm|i am|this is)\b/gi, ' ');
}

/**
 * The embedded provider: no network, no key, deterministic. It answers from the retrieved
 * passages' best sentences, asks for missing capture fields one at a time, extracts contact
 * details from the customer's words (English and Spanish), says so when it has no answer, and
 * hands off on request, on a keyword, or after too many unanswered questions.
 */
export class BuiltinProvider implements AgentProvider {
  readonly name = 'builtin' as const;

  async reply(context: TurnContext, _options: { signal?: AbortSignal } = {}): Promise<ProviderReply> {
    const text = pendingCustomerText(context);
    const language = replyLanguage(context, text);
    const say = phrases[language];
    const asked = askedField(lastAgentText(context), context.agent.captureFields);
    // A thanks or a call for a person is never a bare answer to "what is your name?".
    const skipBare = isThanks(text) || isGreeting(text) || asksForPerson(text);
    const details = extractDetails(text, { defaultCountry: context.defaultPhoneCountry, asked, skipBare });
    const known: Partial<Record<CaptureFieldName, string>> = { ...context.known };
    const toolCalls: ToolCall[] = [];
    const capture = captureCall(details, context.known, `builtin_capture_${context.messages.length}`);
    if (capture) {
      toolCalls.push(capture);
      Object.assign(known, capture.arguments, capture.arguments.customFields ?? {});
    }
    const result = (reply: string | null, answered: boolean): ProviderReply => ({
      text: reply,
      toolCalls,
      rejectedToolCalls: [],
      answered,
      model: MODEL,
      usage: null,
    });
    const handoff = (reason: string, message: string, answered = true) => {
      toolCalls.push({
        id: `builtin_handoff_${context.messages.length}`,
        name: 'handoff_to_human',
        arguments: { reason, summary: summaryOf(context, known) },
      });
      return result(message, answered);
    };

    if (asksForPerson(text)) return handoff('The customer asked for a person', say.handoff);
    const keyword = handoffKeywordIn(text, context.agent.handoffKeywords);
    if (keyword) return handoff(`The customer mentioned "${keyword}"`, say.handoff);

    const missing = context.agent.captureFields.filter((field) => !known[field]);
    const nextAsk = missing[0];
    const rest = withoutDetails(text, details);
    const question = isQuestion(rest);
    const hasContent = contentStems(rest).length > 0 && !isThanks(rest) && !isGreeting(rest);
    const answer = hasContent ? pickAnswer(rest, context.passages) : null;

    if (answer) {
      const ask = nextAsk ? ` ${say.askAlso(fieldLabel(language, nextAsk))}` : '';
      return result(`${answer.text}${ask}`, true);
    }
    if (question || (hasContent && !capture)) {
      const misses = context.misses + 1;
      if (context.agent.handoffAfterMisses !== null && misses >= context.agent.handoffAfterMisses) {
        return handoff(`The agent could not answer ${misses} questions in a row`, say.handoffAfterMisses, false);
      }
      const ask = nextAsk ? ` ${say.askAlso(fieldLabel(language, nextAsk))}` : '';
      // A statement with nothing to answer is not a miss; an unanswered question is.
      return result(`${context.agent.handoffAfterMisses === null ? say.noAnswer : say.noAnswerOffer}${ask}`, !question);
    }
    if (capture) {
      const thanks = say.thanks(typeof capture.arguments.name === 'string' ? capture.arguments.name.split(' ')[0] : undefined);
      return result(`${thanks} ${nextAsk ? say.ask(fieldLabel(language, nextAsk)) : say.anythingElse}`, true);
    }
    if (isThanks(text)) return result(nextAsk ? `${say.thanks()} ${say.ask(fieldLabel(language, nextAsk))}` : say.welcome, true);
    return result(say.greeting, true);
  }

  async summarize(context: TurnContext, _options: { signal?: AbortSignal } = {}): Promise<string> {
    return summaryOf(context, context.known);
  }
}

/** "Request: …. Details: name: …; email: …." from the customer's questions and what is known. */
function summaryOf(context: TurnContext, known: Partial<Record<string, string>>): string {
  const customer = context.messages.filter((message) => message.role === 'customer').map((message) => message.text.trim());
  const requests = customer.filter((text) => isQuestion(text) || asksForPerson(text) || contentStems(text).length > 2);
  const request = (requests.length > 0 ? requests : customer).slice(-3).join(' / ');
  const details = Object.entries(known)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}: ${value}`)
    .join('; ');
  return `Request: ${request || '(none)'}. Details: ${details || 'none captured'}.`;
}
