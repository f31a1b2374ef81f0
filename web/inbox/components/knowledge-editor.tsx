import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schema } from '../api.js';
import { t } from '../strings.js';

/** An agent's knowledge documents: list, add, delete (the agent answers from them). */
export function KnowledgeEditor({ agentId }: { agentId: number }) {
  const [documents, setDocuments] = useState<Schema<'KnowledgeDocumentSummary'>[]>([]);
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [error, setError] = useState<string | undefined>();
  const path = { params: { path: { id: String(agentId) } } };

  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/agents/{id}/knowledge', {
      params: { path: { id: String(agentId) }, query: { pageSize: 100 } },
    });
    setDocuments(data?.items ?? []);
  }, [agentId]);
  useEffect(() => void load(), [load]);

  const add = async (event: Event) => {
    event.preventDefault();
    try {
      await unwrap(api.POST('/api/v1/agents/{id}/knowledge', { ...path, body: { title, content, format: 'text' } }));
      setTitle('');
      setContent('');
      setError(undefined);
      await load();
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const remove = async (documentId: number) => {
    await api.DELETE('/api/v1/agents/{id}/knowledge/{documentId}', { params: { path: { id: String(agentId), documentId } } });
    await load();
  };

  return (
    <section class="knowledge" aria-labelledby="knowledge-title">
      <h3 id="knowledge-title">{t('knowledge')}</h3>
      <ul>
        {documents.map((document) => (
          <li key={document.id}>
            <span>{document.title}</span>
            <button type="button" onClick={() => void remove(document.id)} aria-label={`${t('delete')}: ${document.title}`}>
              {t('delete')}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={(event) => void add(event)}>
        <label>
          {t('title')}
          <input value={title} required onInput={(event) => setTitle(event.currentTarget.value)} />
        </label>
        <label>
          {t('content')}
          <textarea rows={5} value={content} required onInput={(event) => setContent(event.currentTarget.value)} />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">{t('addDocument')}</button>
      </form>
    </section>
  );
}
