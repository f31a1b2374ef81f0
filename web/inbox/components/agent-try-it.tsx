import { useState } from 'preact/hooks';
import { api, unwrap } from '../api.js';
import { t } from '../strings.js';

interface Turn {
  role: 'customer' | 'agent';
  text: string;
  /** The knowledge documents the agent's answer drew on. */
  sources?: string[];
}

/**
 * A "try it" chat with the agent as it is now (POST /agents/{id}/preview): nothing is stored or
 * sent, and tool calls are shown, not applied. The conversation so far goes with every message.
 */
export function AgentTryIt({ agentId }: { agentId: number }) {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const ask = async (event: Event) => {
    event.preventDefault();
    const message = text.trim();
    if (!message) return;
    setBusy(true);
    try {
      const preview = await unwrap(
        api.POST('/api/v1/agents/{id}/preview', {
          params: { path: { id: String(agentId) } },
          body: { message, history: turns.map(({ role, text: said }) => ({ role, text: said })) },
        }),
      );
      const tools = preview.toolCalls.map((call) => call.name);
      const answer = preview.text ?? t('noAnswer');
      setTurns([
        ...turns,
        { role: 'customer', text: message },
        {
          role: 'agent',
          text: tools.length ? `${answer} (${t('wouldCall')} ${tools.join(', ')})` : answer,
          sources: [...new Set(preview.passages.map((passage) => passage.title))],
        },
      ]);
      setText('');
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
    setBusy(false);
  };

  return (
    <section class="try-it" aria-labelledby="try-it-title">
      <h3 id="try-it-title">{t('tryIt')}</h3>
      <p class="note">{t('tryItNote')}</p>
      <ol class="messages" role="log" aria-label={t('tryIt')}>
        {turns.map((turn, index) => (
          <li key={index} class={`message ${turn.role === 'customer' ? 'user' : 'assistant'}`}>
            <span class="author">{t(turn.role === 'customer' ? 'you' : 'agent')}</span>
            <p class="text">{turn.text}</p>
            {turn.sources && turn.sources.length > 0 && (
              <p class="sources">
                {t('sources')} {turn.sources.join(', ')}
              </p>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={(event) => void ask(event)}>
        <label>
          {t('tryItMessage')}
          <input value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || !text.trim()}>
          {busy ? t('sending') : t('ask')}
        </button>
      </form>
    </section>
  );
}
