import type { Session } from '../api.js';
import { t } from '../strings.js';

const sections = [
  { id: 'chats', label: 'inbox' },
  { id: 'contacts', label: 'contacts' },
  { id: 'agents', label: 'agents' },
] as const;

export function Navigation({ section, user, onLogout }: { section: string; user: Session['user']; onLogout: () => void }) {
  return (
    <nav class="navigation" aria-label={t('navigation')}>
      <a class="skip" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <strong class="brand">Switchboard</strong>
      <ul>
        {sections.map((item) => (
          <li key={item.id}>
            <a href={`#/${item.id}`} aria-current={section === item.id ? 'page' : undefined}>
              {t(item.label)}
            </a>
          </li>
        ))}
      </ul>
      <span class="who">{user.name}</span>
      <button type="button" onClick={onLogout}>
        {t('logout')}
      </button>
    </nav>
  );
}
