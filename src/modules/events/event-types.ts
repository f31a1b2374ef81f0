import { invalid } from '../../shared/errors.js';

/**
 * Event type patterns, as webhook subscriptions and the realtime stream take them: an exact
 * type (`contact.created`), `*` in place of one dot-separated segment (`*.deleted`), a
 * trailing `*` for everything under a prefix (`contact.*`), or `*` alone for every event.
 */
const PATTERN = /^(\*|[a-z][a-z0-9_]*)(\.(\*|[a-z][a-z0-9_]*))*$/;

export const MAX_EVENT_TYPE_PATTERNS = 50;

export function isEventTypePattern(pattern: string): boolean {
  return pattern.length <= 100 && PATTERN.test(pattern);
}

/** Checks and de-duplicates patterns; `field` names the input in the error. */
export function parseEventTypePatterns(patterns: string[], field: string): string[] {
  if (patterns.length === 0) throw invalid(field, 'give at least one event type, or "*" for all');
  if (patterns.length > MAX_EVENT_TYPE_PATTERNS) throw invalid(field, `give at most ${MAX_EVENT_TYPE_PATTERNS} event types`);
  patterns.forEach((pattern, index) => {
    if (!isEventTypePattern(pattern)) {
      throw invalid(`${field}[${index}]`, `"${pattern}" is not an event type such as contact.created, contact.* or *`);
    }
  });
  return [...new Set(patterns)];
}

const compiled = new Map<string, RegExp>();

function patternRegExp(pattern: string): RegExp {
  let regExp = compiled.get(pattern);
  if (!regExp) {
    const segments = pattern.split('.');
    const source = segments
      .map((segment, index) => (segment !== '*' ? segment : index === segments.length - 1 ? '.+' : '[^.]+'))
      .join('\\.');
    regExp = new RegExp(`^${source}$`);
    if (compiled.size > 10_000) compiled.clear();
    compiled.set(pattern, regExp);
  }
  return regExp;
}

export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => patternRegExp(pattern).test(type));
}
