import { describe, expect, it } from 'vitest';
import type { TurnContext, TurnMessage } from '../../src/modules/agent-runtime/provider.js';
import { BuiltinProvider } from '../../src/modules/agent-runtime/providers/builtin.js';
import { extractDetails } from '../../src/modules/agent-runtime/providers/builtin-extract.js';
import { asksForPerson } from '../../src/modules/agent-runtime/providers/builtin-intents.js';
import { splitIntoPassages } from '../../src/modules/knowledge/passages.js';

const provider = new BuiltinProvider();
const passages = [
  { documentId: 'd', title: 'FAQ: Hours', text: 'We are open Monday to Friday from 9:00 to 18:00. We are closed on Sundays.', rank: 0.4 },
  { documentId: 'd', title: 'FAQ: Envíos', text: 'Los envíos tardan de 2 a 4 días hábiles y cuestan 5 dólares.', rank: 0.2 },
];

function context(texts: [TurnMessage['role'], string][], overrides: Partial<TurnContext> = {}): TurnContext {
  return {
    agent: {
      name: 'Helper',
      instructions: '',
      language: 'auto',
      model: null,
      temperature: null,
      maxTokens: null,
      captureFields: ['name', 'email', 'phone'],
      handoffKeywords: ['refund'],
      handoffAfterMisses: 2,
    },
    messages: texts.map(([role, text]) => ({ role, text, at: new Date() })),
    known: {},
    passages,
    misses: 0,
    defaultPhoneCountry: 'US',
    ...overrides,
  };
}

describe('builtin provider', () => {
  it("answers from the passage's relevant sentence and asks for the first missing field", async () => {
    const reply = await provider.reply(context([['customer', 'When are you open?']]), {});
    expect(reply).toMatchObject({ answered: true, toolCalls: [], model: 'builtin-1' });
    expect(reply.text).toContain('Monday to Friday from 9:00 to 18:00');
    expect(reply.text).toContain('your name');
  });

  it('answers in Spanish and captures name and phone from the same message', async () => {
    const reply = await provider.reply(
      context([['customer', 'Hola, me llamo Ana Ruiz y mi cel es (415) 555-0132. ¿Cuánto cuesta el envío?']]),
      {},
    );
    expect(reply.text).toContain('5 dólares');
    expect(reply.text).toContain('correo');
    expect(reply.toolCalls).toEqual([
      { id: expect.any(String), name: 'capture_contact', arguments: { name: 'Ana Ruiz', phone: '+14155550132' } },
    ]);
  });

  it('says honestly when it has no answer, and hands off after the configured misses', async () => {
    const first = await provider.reply(context([['customer', 'Do you repair bicycles?']]), {});
    expect(first.answered).toBe(false);
    expect(first.text).toContain("don't have that information");
    expect(first.toolCalls).toEqual([]);
    const second = await provider.reply(context([['customer', 'Do you repair bicycles?']], { misses: 1 }), {});
    expect(second.toolCalls.map((call) => call.name)).toEqual(['handoff_to_human']);
  });

  it.each(['I want to talk to a person', 'human please', 'quiero hablar con una persona', 'asesor', 'agent', 'Can I speak with someone?'])(
    'hands off on %j',
    async (text) => {
      const reply = await provider.reply(context([['customer', text]]), {});
      expect(reply.toolCalls.map((call) => call.name)).toEqual(['handoff_to_human']);
      expect(reply.toolCalls[0]!.arguments.summary).toContain(text);
    },
  );

  it('hands off on a keyword (by stem) but not on questions about agents', async () => {
    expect((await provider.reply(context([['customer', 'I need refunds for two orders']]), {})).toolCalls[0]?.name).toBe(
      'handoff_to_human',
    );
    expect(asksForPerson('Do your agents speak Spanish?')).toBe(false);
    expect(asksForPerson('the person who sold me this was nice')).toBe(false);
  });

  it('takes a bare answer as the field it just asked for, but not a thanks', async () => {
    const asked: [TurnMessage['role'], string][] = [
      ['customer', 'When are you open?'],
      ['agent', 'We are open Monday to Friday from 9:00 to 18:00. By the way, could you tell me your name?'],
    ];
    const named = await provider.reply(context([...asked, ['customer', 'Maria José Fernández']]), {});
    expect(named.toolCalls[0]!.arguments).toEqual({ name: 'Maria José Fernández' });
    const thanks = await provider.reply(context([...asked, ['customer', 'ok muchas gracias']]), {});
    expect(thanks.toolCalls).toEqual([]);
  });

  it('does not capture what is already known', async () => {
    const reply = await provider.reply(context([['customer', 'my email is ana@example.com']], { known: { email: 'ana@example.com' } }), {});
    expect(reply.toolCalls).toEqual([]);
  });

  it('summarizes the request and the known details', async () => {
    const summary = await provider.summarize(
      context([['customer', 'How much is shipping to Denver?']], { known: { email: 'ana@example.com' } }),
      {},
    );
    expect(summary).toBe('Request: How much is shipping to Denver?. Details: email: ana@example.com.');
  });
});

describe('extractDetails', () => {
  it.each([
    ['I work at Globex Corporation, my name is Hank Scorpio', { company: 'Globex Corporation', name: 'Hank Scorpio' }],
    ['Soy de la empresa Grupo Alfa', { company: 'Grupo Alfa' }],
    ['trabajo en Bimbo y mi correo es Pedro@Bimbo.com.mx', { company: 'Bimbo', email: 'pedro@bimbo.com.mx' }],
    ["I'm interested in the loft", {}],
    ['soy de Monterrey', {}],
    ['order 123456 has not arrived', {}],
  ])('%j', (text, expected) => {
    expect(extractDetails(text, { defaultCountry: 'MX', asked: null })).toEqual(expected);
  });
});

describe('splitIntoPassages', () => {
  it('splits markdown by headings, strips marks, and keeps passages under 800 characters', () => {
    const long = Array.from({ length: 40 }, (_, index) => `Sentence number ${index} is about the **shipping** rules.`).join(' ');
    const drafts = splitIntoPassages(
      'markdown',
      `Intro line.\n\n# Shipping\n\n${long}\n\n## Returns\n\n- Within [30 days](https://x.test)`,
    );
    expect(drafts[0]).toEqual({ heading: null, text: 'Intro line.' });
    expect(drafts.filter((draft) => draft.heading === 'Shipping').length).toBeGreaterThan(1);
    expect(drafts.every((draft) => draft.text.length <= 800)).toBe(true);
    expect(drafts.at(-1)).toEqual({ heading: 'Returns', text: '- Within 30 days (https://x.test)' });
    expect(drafts.some((draft) => draft.text.includes('**'))).toBe(false);
  });
});
