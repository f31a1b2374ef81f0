import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { t } from '../strings.js';

/** Sends the team member's reply on the chat's own channel (POST /chats/{id}/messages, role operator). */
export function ReplyForm({ chatId, onSent }: { chatId: string; onSent: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const send = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const { error: failure } = await api.POST('/api/v1/chats/{id}/messages', {
      params: { path: { id: chatId } },
      body: { content: text, role: 'operator' },
    });
    setBusy(false);
    if (failure) return setError((failure as { message?: string }).message ?? t('error'));
    setError(undefined);
    setText('');
    onSent();
  };
  return (
    <form class="reply" onSubmit={(event) => void send(event)}>
      <label for="reply-text">{t('reply')}</label>
      <textarea
        id="reply-text"
        value={text}
        placeholder={t('replyPlaceholder')}
        rows={3}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Ctrl/Cmd+Enter sends, as in most chat tools; Enter alone makes a new line.
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void send(event);
        }}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy || !text.trim()}>
        {busy ? t('sending') : t('send')}
      </button>
    </form>
  );
}
