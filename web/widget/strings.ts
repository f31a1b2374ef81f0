/** Every word the widget shows, one table per language. */
export const strings = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    placeholder: 'Write a message…',
    send: 'Send',
    name: 'Your name',
    email: 'Your email',
    start: 'Start chat',
    intro: 'Tell us who you are and we will get back to you here.',
    you: 'You',
    team: 'Team',
    failed: 'Not sent. Check your connection and try again.',
    online: 'Replies in a few seconds',
  },
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    name: 'Tu nombre',
    email: 'Tu correo',
    start: 'Iniciar chat',
    intro: 'Cuéntanos quién eres y te responderemos aquí.',
    you: 'Tú',
    team: 'Equipo',
    failed: 'No se envió. Revisa tu conexión e inténtalo de nuevo.',
    online: 'Responde en unos segundos',
  },
} as const;

export type Locale = keyof typeof strings;
export type Strings = (typeof strings)[Locale];

/** The browser's language when the widget speaks it, else the channel's default. */
export function pickLocale(channelDefault: Locale): Locale {
  const browser = (navigator.language || '').slice(0, 2).toLowerCase();
  return browser in strings ? (browser as Locale) : channelDefault;
}
