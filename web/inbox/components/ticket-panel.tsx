import { useEffect, useState } from 'preact/hooks';
import { api, unwrap, type Schema, type Session } from '../api.js';
import { t } from '../strings.js';

type Chat = Schema<'ChatDetails'>;

/**
 * The chat's handoff: its ticket and what a team member can do with it. Taking over assigns the
 * ticket to me and moves it IN_PROGRESS (opening one when the AI still has the chat); handing
 * back closes the ticket, so the agent answers the customer's next message.
 */
export function TicketPanel({ chat, me, onChange }: { chat: Chat; me: Session['user']; onChange: () => void }) {
  const [ticket, setTicket] = useState<Schema<'Ticket'> | undefined>();
  const [users, setUsers] = useState<Schema<'User'>[]>([]);
  const [assignee, setAssignee] = useState('');
  const [error, setError] = useState<string | undefined>();
  const active = chat.ticketId && chat.ticketStatus !== 'CLOSED' ? chat.ticketId : undefined;

  useEffect(() => {
    if (!chat.ticketId) return setTicket(undefined);
    void api.GET('/api/v1/tickets/{ticketId}', { params: { path: { ticketId: chat.ticketId } } }).then(({ data }) => setTicket(data));
  }, [chat]);
  useEffect(() => {
    void api.GET('/api/v1/users', { params: { query: { active: 'true', limit: 100 } } }).then(({ data }) => setUsers(data?.items ?? []));
  }, []);

  const act = async (work: () => Promise<unknown>) => {
    try {
      await work();
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
    onChange();
  };
  const ticketPath = (ticketId: string) => ({ params: { path: { ticketId } } });
  const takeOver = () =>
    act(async () => {
      let id = active;
      if (!id) {
        id = (await unwrap(api.POST('/api/v1/tickets', { body: { chatId: chat.id, reason: 'manual', assigneeUserId: me.id } }))).id;
      } else {
        await unwrap(api.POST('/api/v1/tickets/{ticketId}/assign', { ...ticketPath(id), body: { userId: me.id } }));
      }
      const current = await unwrap(api.GET('/api/v1/tickets/{ticketId}', ticketPath(id)));
      if (current.status === 'OPEN')
        await unwrap(api.PUT('/api/v1/tickets/{ticketId}', { ...ticketPath(id), body: { status: 'IN_PROGRESS' } }));
    });
  const closeTicket = () => act(() => unwrap(api.POST('/api/v1/tickets/{ticketId}/close', { ...ticketPath(active!), body: {} })));
  const closeChat = () =>
    act(() =>
      active
        ? unwrap(api.POST('/api/v1/tickets/{ticketId}/close', { ...ticketPath(active), body: {} }))
        : unwrap(api.PATCH('/api/v1/chats/{id}', { params: { path: { id: chat.id } }, body: { status: 'CLOSED' } })),
    );
  const assign = (event: Event) => {
    event.preventDefault();
    if (!active) return;
    void act(() =>
      unwrap(
        api.POST('/api/v1/tickets/{ticketId}/assign', { ...ticketPath(active), body: { userId: assignee ? Number(assignee) : null } }),
      ),
    );
  };
  const assigneeName = users.find((user) => user.id === ticket?.assigneeUserId)?.name;

  return (
    <section class="card" aria-labelledby="ticket-title">
      <h3 id="ticket-title">{t('ticket')}</h3>
      {ticket ? (
        <dl>
          <dt>{t('status')}</dt>
          <dd data-testid="ticket-status">{ticket.status}</dd>
          <dt>{t('assignee')}</dt>
          <dd>{assigneeName ?? t('unassigned')}</dd>
          {ticket.summary && (
            <>
              <dt>{t('summary')}</dt>
              <dd>{ticket.summary}</dd>
            </>
          )}
        </dl>
      ) : (
        <p>{t('noTicket')}</p>
      )}
      <div class="actions">
        {!(ticket?.status === 'IN_PROGRESS' && ticket.assigneeUserId === me.id) && (
          <button type="button" onClick={() => void takeOver()}>
            {t('takeOver')}
          </button>
        )}
        {active && (
          <button type="button" onClick={() => void closeTicket()}>
            {t('handBack')}
          </button>
        )}
        {chat.status !== 'CLOSED' && (
          <button type="button" onClick={() => void closeChat()}>
            {t('closeChat')}
          </button>
        )}
      </div>
      {active && (
        <form class="assign" onSubmit={assign}>
          <label>
            {t('assignTo')}
            <select value={assignee} onChange={(event) => setAssignee(event.currentTarget.value)}>
              <option value="">{t('unassigned')}</option>
              {users.map((user) => (
                <option key={user.id} value={String(user.id)}>
                  {user.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('assign')}</button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
