import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schema, type Session } from '../api.js';
import { CapturedDetails } from '../components/captured-details.js';
import { customerName } from '../customer-name.js';
import { ContactCard } from '../components/contact-card.js';
import { MessageList } from '../components/message-list.js';
import { ReplyForm } from '../components/reply-form.js';
import { TicketPanel } from '../components/ticket-panel.js';
import { useLiveEvents } from '../live.js';
import { t } from '../strings.js';

type Chat = Schema<'ChatDetails'>;
type Message = Schema<'Message'>;

const LIVE_TYPES = ['chat.updated', 'message.created', 'message.updated', 'ticket.created', 'ticket.updated', 'ticket.closed'];

/** One chat: its messages, the reply box, its contact and its ticket; kept current by the event stream. */
export function ChatView({ chatId, me }: { chatId: string; me: Session['user'] }) {
  const [chat, setChat] = useState<Chat | undefined>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [error, setError] = useState<string | undefined>();

  const load = useCallback(async () => {
    try {
      const [details, page] = await Promise.all([
        unwrap(api.GET('/api/v1/chats/{id}/details', { params: { path: { id: chatId } } })),
        unwrap(api.GET('/api/v1/chats/{id}/messages', { params: { path: { id: chatId }, query: { pageSize: 100 } } })),
      ]);
      setChat(details);
      setMessages(page);
      setError(undefined);
      if (!details.isRead) await api.PATCH('/api/v1/chats/{id}', { params: { path: { id: chatId } }, body: { isRead: true } });
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [chatId]);

  useEffect(() => void load(), [load]);
  useLiveEvents(LIVE_TYPES, (event) => {
    // Messages and tickets name their chat by chatUuid (chatId is its numeric id); a chat's own events by id.
    const data = event.data;
    if (data.chatUuid === chatId || data.id === chatId) void load();
  });

  if (error) {
    return (
      <p class="error" role="alert">
        {t('error')} {error}
      </p>
    );
  }
  if (!chat) return <p role="status">{t('loading')}</p>;
  return (
    <div class="chat-view">
      <div class="conversation">
        <h2 id="chat-title">{customerName(chat)}</h2>
        <MessageList messages={messages} />
        <ReplyForm chatId={chatId} onSent={() => void load()} />
      </div>
      <aside class="side" aria-label={t('aboutChat')}>
        <ContactCard contactUuid={chat.ownerId} />
        <CapturedDetails chatId={chatId} version={messages.length} />
        <TicketPanel chat={chat} me={me} onChange={() => void load()} />
      </aside>
    </div>
  );
}
