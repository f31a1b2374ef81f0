import { useEffect, useState } from 'preact/hooks';
import { api, type Schema } from '../api.js';
import { t } from '../strings.js';

export interface Filters {
  view: 'unattended' | 'mine' | 'all';
  channelId: string;
  status: string;
  search: string;
}

const views = ['unattended', 'mine', 'all'] as const;
const statuses = ['UNATTENDED', 'ATTENDED', 'PENDING', 'CLOSED'] as const;

export function ChatFilters({ filters, onChange }: { filters: Filters; onChange: (filters: Filters) => void }) {
  const [channels, setChannels] = useState<Schema<'Channel'>[]>([]);
  const [search, setSearch] = useState(filters.search);
  useEffect(() => {
    void api.GET('/api/v1/channels').then(({ data }) => setChannels(data?.items ?? []));
  }, []);
  return (
    <div class="filters">
      <div role="group" aria-label={t('chats')} class="tabs">
        {views.map((view) => (
          <button key={view} type="button" aria-pressed={filters.view === view} onClick={() => onChange({ ...filters, view })}>
            {t(view)}
          </button>
        ))}
      </div>
      <label>
        {t('channel')}
        <select value={filters.channelId} onChange={(event) => onChange({ ...filters, channelId: event.currentTarget.value })}>
          <option value="">{t('anyChannel')}</option>
          {channels.map((channel) => (
            <option key={channel.id} value={channel.uuid}>
              {channel.name}
            </option>
          ))}
        </select>
      </label>
      {filters.view !== 'unattended' && (
        <label>
          {t('status')}
          <select value={filters.status} onChange={(event) => onChange({ ...filters, status: event.currentTarget.value })}>
            <option value="">{t('anyStatus')}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
          </select>
        </label>
      )}
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onChange({ ...filters, search });
        }}
      >
        <label>
          {t('searchChats')}
          <input type="search" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
        </label>
        <button type="submit">{t('search')}</button>
      </form>
    </div>
  );
}
