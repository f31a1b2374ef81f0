import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schema, type Session } from '../api.js';
import { customerName } from '../customer-name.js';
import { useLiveEvents } from '../live.js';
import { t } from '../strings.js';
import { ChatFilters, type Filters } from './chat-filters.js';

type Chat = Schema<'ChatDetails'>;

const LIVE_TYPES = ['chat.created', 'chat.updated', 'message.created', 'ticket.created', 'ticket.updated', 'ticket.closed'];

/** The chats to work on, refreshed whenever a chat, message or ticket changes anywhere in the workspace. */
export function ChatList({ me, selectedId }: { me: Session['user']; selectedId?: string }) {
  const [filters, setFilters] = useState<Filters>({ view: 'unattended', channelId: '', status: '', search: '' });
  const [chats, setChats] = useState<Chat[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    const status = filters.view === 'unattended' ? 'UNATTENDED' : filters.status;
    try {
      const found = await unwrap(
        api.GET('/api/v1/chats/details', {
          params: {
            query: {
              pageSize: 100,
              ...(status ? { statuses: [status as Chat['status']] } : {}),
              ...(filters.channelId ? { channelIds: [filters.channelId] } : {}),
              ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
            },
          },
        }),
      );
      // "Mine": the chats whose active ticket is assigned to me (or the chat itself).
      const mine =
        filters.view === 'mine'
          ? new Set(
              (
                await unwrap(
                  api.GET('/api/v1/tickets', { params: { query: { assigneeUserId: me.id, status: 'OPEN,IN_PROGRESS', limit: 100 } } }),
                )
              ).items.map((ticket) => ticket.chatId),
            )
          : undefined;
      setChats(mine ? found.filter((chat) => mine.has(chat.id) || chat.assigneeUserId === me.uuid) : found);
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [filters, me.id, me.uuid]);

  useEffect(() => void load(), [load]);
  const live = useLiveEvents(LIVE_TYPES, () => void load());

  return (
    <section class="chat-list" aria-labelledby="chats-title">
      <header>
        <h1 id="chats-title">{t('chats')}</h1>
        <span class={live ? 'live on' : 'live'} role="status">
          {live ? t('live') : t('reconnecting')}
        </span>
      </header>
      <ChatFilters filters={filters} onChange={setFilters} />
      {error && (
        <p class="error" role="alert">
          {t('error')} {error}
        </p>
      )}
      {chats === undefined ? (
        <p role="status">{t('loading')}</p>
      ) : chats.length === 0 ? (
        <p class="empty">{t('noChats')}</p>
      ) : (
        <ul class="chats" aria-live="polite">
          {chats.map((chat) => (
            <li key={chat.id} class={chat.isRead ? 'chat' : 'chat unread'}>
              <a href={`#/chats/${chat.id}`} aria-current={chat.id === selectedId ? 'true' : undefined}>
                <span class="name">{customerName(chat)}</span>
                {!chat.isRead && <span class="badge">{t('unread')}</span>}
                <span class="meta">
                  {chat.channelName ?? chat.channelType ?? '—'} · {chat.status}
                  {chat.ticketStatus ? ` · ${t('ticket')} ${chat.ticketStatus}` : ''}
                </span>
                <span class="preview">{chat.lastMessageContent ?? ''}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
