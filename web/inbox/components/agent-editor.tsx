import { useState } from 'preact/hooks';
import { api, type Schema } from '../api.js';
import { t } from '../strings.js';

type Agent = Schema<'Agent'>;

/** An agent's instructions and greeting (PATCH /agents/{id}: a change makes a new version). */
export function AgentEditor({ agent, onSaved }: { agent: Agent; onSaved: (agent: Agent) => void }) {
  const [instructions, setInstructions] = useState(agent.instructions);
  const [greeting, setGreeting] = useState(agent.greeting ?? '');
  const [status, setStatus] = useState<string | undefined>();
  const save = async (event: Event) => {
    event.preventDefault();
    const { data, error } = await api.PATCH('/api/v1/agents/{id}', {
      params: { path: { id: String(agent.id) } },
      body: { instructions, greeting: greeting.trim() ? greeting : null },
    });
    if (data) onSaved(data);
    setStatus(data ? t('saved') : `${t('error')} ${(error as { message?: string } | undefined)?.message ?? ''}`);
  };
  return (
    <form class="agent-editor" onSubmit={(event) => void save(event)} aria-labelledby="agent-title">
      <h2 id="agent-title">{agent.name}</h2>
      <label>
        {t('instructions')}
        <textarea rows={10} value={instructions} onInput={(event) => setInstructions(event.currentTarget.value)} />
      </label>
      <label>
        {t('greeting')}
        <input value={greeting} onInput={(event) => setGreeting(event.currentTarget.value)} />
      </label>
      <button type="submit">{t('save')}</button>
      {status && <p role="status">{status}</p>}
    </form>
  );
}
