import { useEffect, useState } from 'preact/hooks';
import { api, type Schema } from '../api.js';
import { t } from '../strings.js';

/** What the agents captured of the customer in this chat (GET /chats/{id}/captures); read again as the chat changes. */
export function CapturedDetails({ chatId, version }: { chatId: string; version: number }) {
  const [captures, setCaptures] = useState<Schema<'ChatCapture'>[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/chats/{id}/captures', { params: { path: { id: chatId } } }).then(({ data }) => setCaptures(data?.items ?? []));
  }, [chatId, version]);
  const fields = new Map<string, string>();
  for (const capture of captures) {
    for (const [key, value] of Object.entries(capture.details)) {
      if (value !== null && value !== '') fields.set(key, typeof value === 'string' ? value : JSON.stringify(value));
    }
    for (const key of ['name', 'email', 'phone', 'company'] as const) if (capture[key]) fields.set(key, capture[key]!);
  }
  return (
    <section class="card" aria-labelledby="captured-title">
      <h3 id="captured-title">{t('details')}</h3>
      {fields.size === 0 ? (
        <p>{t('nothingCaptured')}</p>
      ) : (
        <dl>
          {[...fields].map(([key, value]) => (
            <div key={key}>
              <dt>{key}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
