import { useEffect, useState } from 'preact/hooks';
import { api, type Schema } from '../api.js';
import { AgentEditor } from '../components/agent-editor.js';
import { AgentTryIt } from '../components/agent-try-it.js';
import { KnowledgeEditor } from '../components/knowledge-editor.js';
import { t } from '../strings.js';

/** The workspace's agents; one open for editing its instructions and knowledge documents, and trying it out. */
export function AgentsView({ agentId }: { agentId?: string }) {
  const [agents, setAgents] = useState<Schema<'Agent'>[] | undefined>();
  useEffect(() => {
    void api.GET('/api/v1/agents', { params: { query: { pageSize: 100 } } }).then(({ data }) => setAgents(data?.items ?? []));
  }, []);
  const open = agents?.find((agent) => String(agent.id) === agentId) ?? (agentId ? undefined : agents?.[0]);
  return (
    <div class="agents">
      <nav aria-labelledby="agents-title">
        <h1 id="agents-title">{t('agents')}</h1>
        {agents === undefined ? (
          <p role="status">{t('loading')}</p>
        ) : agents.length === 0 ? (
          <p class="empty">{t('noAgents')}</p>
        ) : (
          <ul>
            {agents.map((agent) => (
              <li key={agent.id}>
                <a href={`#/agents/${agent.id}`} aria-current={agent.id === open?.id ? 'page' : undefined}>
                  {agent.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      </nav>
      {open && (
        <div class="agent">
          <AgentEditor
            key={open.id}
            agent={open}
            onSaved={(saved) => setAgents(agents!.map((agent) => (agent.id === saved.id ? saved : agent)))}
          />
          <KnowledgeEditor agentId={open.id} />
          <AgentTryIt key={`try-${open.id}`} agentId={open.id} />
        </div>
      )}
    </div>
  );
}
