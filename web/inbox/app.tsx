import { useEffect, useState } from 'preact/hooks';
import { api, rememberCsrfToken, type Session } from './api.js';
import { Navigation } from './components/navigation.js';
import { useHashRoute } from './route.js';
import { language, t } from './strings.js';
import { AgentsView } from './views/agents.js';
import { ContactsView } from './views/contacts.js';
import { InboxView } from './views/inbox.js';
import { LoginView } from './views/login.js';

/** Reads the session once; without one shows the login, else the view the address names. */
export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const route = useHashRoute();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appName');
    void api.GET('/api/v1/auth/me').then(({ data }) => {
      rememberCsrfToken(data?.csrfToken);
      setSession(data ?? null);
    });
  }, []);

  if (session === undefined) return <p role="status">{t('loading')}</p>;
  if (session === null) {
    return (
      <LoginView
        onLoggedIn={(created) => {
          rememberCsrfToken(created.csrfToken);
          setSession(created);
        }}
      />
    );
  }
  const logout = async () => {
    await api.POST('/api/v1/auth/logout');
    rememberCsrfToken(undefined);
    setSession(null);
  };
  const [section = 'chats', id] = route;
  return (
    <div class="layout">
      <Navigation section={section} user={session.user} onLogout={() => void logout()} />
      <main id="main" class="main" tabIndex={-1}>
        {section === 'contacts' ? (
          <ContactsView />
        ) : section === 'agents' ? (
          <AgentsView agentId={id} />
        ) : (
          <InboxView session={session} chatId={id} />
        )}
      </main>
    </div>
  );
}
