import type { Session } from '../api.js';
import { ChatList } from '../components/chat-list.js';
import { t } from '../strings.js';
import { ChatView } from './chat.js';

/** The chat list beside the open chat. */
export function InboxView({ session, chatId }: { session: Session; chatId?: string }) {
  return (
    <div class="inbox">
      <ChatList me={session.user} selectedId={chatId} />
      <section class="chat-pane" aria-label={t('messages')}>
        {chatId ? <ChatView key={chatId} chatId={chatId} me={session.user} /> : <p class="empty">{t('pickChat')}</p>}
      </section>
    </div>
  );
}
