import { useEffect, useRef } from 'preact/hooks';
import type { Schema } from '../api.js';
import { t } from '../strings.js';

const authors = { user: 'customer', assistant: 'agent', operator: 'operator', system: 'system' } as const;

/** The conversation, oldest first. Text is rendered as text (never as HTML), whatever it contains. */
export function MessageList({ messages }: { messages: Schema<'Message'>[] }) {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [messages.length]);
  if (messages.length === 0) return <p class="empty">{t('noMessages')}</p>;
  return (
    <ol class="messages" aria-label={t('messages')} aria-live="polite">
      {messages.map((message) => (
        <li key={message.id} class={`message ${message.role ?? 'system'}`} data-role={message.role}>
          <span class="author">{t(authors[(message.role ?? 'system') as keyof typeof authors])}</span>
          <p class="text">{message.content}</p>
          <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleTimeString()}</time>
        </li>
      ))}
      <li ref={end} aria-hidden="true" class="end" />
    </ol>
  );
}
