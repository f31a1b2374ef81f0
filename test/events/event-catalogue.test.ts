import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventTypes, isEventType } from '../../src/modules/events/event-catalogue.js';
import { isEventTypePattern } from '../../src/modules/events/event-types.js';

describe('the event catalogue', () => {
  it('names every type as webhook patterns can match it', () => {
    expect(eventTypes.length).toBeGreaterThanOrEqual(32);
    for (const type of eventTypes) expect(isEventTypePattern(type) && !type.includes('*'), type).toBe(true);
    expect(isEventType('contact.created')).toBe(true);
    expect(isEventType('contact.archived')).toBe(false);
  });

  it('is documented type by type in docs/webhooks.md', async () => {
    const docs = await readFile(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');
    const documented = [...docs.matchAll(/^\| `([a-z_.]+)` +\| [A-Z]/gm)].map((match) => match[1]);
    expect(documented).toEqual(eventTypes);
  });
});
