/** Everything the builtin provider says, in English and Spanish. */
export type ReplyLanguage = 'en' | 'es';

const FIELD_LABELS: Record<ReplyLanguage, Record<string, string>> = {
  en: { name: 'your name', email: 'your email address', phone: 'your phone number', company: 'the company you work for' },
  es: { name: 'tu nombre', email: 'tu correo electrónico', phone: 'tu número de teléfono', company: 'la empresa en la que trabajas' },
};

function humanize(key: string): string {
  return key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
}

export function fieldLabel(language: ReplyLanguage, field: string): string {
  return FIELD_LABELS[language][field] ?? (language === 'es' ? `tu ${humanize(field)}` : `your ${humanize(field)}`);
}

export const phrases = {
  en: {
    greeting: 'Hi! How can I help you today?',
    noAnswer: "I'm sorry, I don't have that information.",
    noAnswerOffer: "I'm sorry, I don't have that information. A person from our team can help you with it: just ask for one.",
    handoff: "I'll connect you with a person from our team. They'll reply here as soon as possible.",
    handoffAfterMisses: "I'm sorry I couldn't help with that. I'll connect you with a person from our team; they'll reply here soon.",
    thanks: (name?: string) => (name ? `Thanks, ${name}!` : 'Thanks!'),
    ask: (label: string) => `Could you tell me ${label}?`,
    askAlso: (label: string) => `By the way, could you tell me ${label}?`,
    anythingElse: 'Is there anything else I can help you with?',
    welcome: "You're welcome! Is there anything else I can help you with?",
  },
  es: {
    greeting: '¡Hola! ¿En qué te puedo ayudar?',
    noAnswer: 'Lo siento, no tengo esa información.',
    noAnswerOffer: 'Lo siento, no tengo esa información. Una persona de nuestro equipo te puede ayudar: solo pídelo.',
    handoff: 'Te comunico con una persona de nuestro equipo. Te responderá por aquí lo antes posible.',
    handoffAfterMisses: 'Lamento no poder ayudarte con eso. Te comunico con una persona de nuestro equipo; te responderá por aquí pronto.',
    thanks: (name?: string) => (name ? `¡Gracias, ${name}!` : '¡Gracias!'),
    ask: (label: string) => `¿Me podrías decir ${label}?`,
    askAlso: (label: string) => `Por cierto, ¿me podrías decir ${label}?`,
    anythingElse: '¿Hay algo más en lo que te pueda ayudar?',
    welcome: '¡De nada! ¿Hay algo más en lo que te pueda ayudar?',
  },
} satisfies Record<ReplyLanguage, unknown>;

/** Which capture field the agent's own last message asked for (its ask phrases name one field each). */
export function askedField(agentText: string | undefined, captureFields: string[]): string | null {
  if (!agentText) return null;
  for (const language of ['en', 'es'] as const) {
    for (const field of captureFields) {
      const label = fieldLabel(language, field);
      if (agentText.includes(phrases[language].ask(label)) || agentText.includes(phrases[language].askAlso(label))) return field;
    }
  }
  const text = agentText.toLowerCase();
  const guesses: [string, RegExp][] = [
    ['email', /\b(e-?mail|correo)\b/],
    ['phone', /\b(phone|tel[eé]fono|celular|whatsapp|number|n[uú]mero)\b/],
    ['company', /\b(company|empresa|business|negocio)\b/],
    ['name', /\b(name|nombre)\b/],
  ];
  for (const [field, pattern] of guesses) if (captureFields.includes(field) && pattern.test(text) && /\?/.test(text)) return field;
  return null;
}
