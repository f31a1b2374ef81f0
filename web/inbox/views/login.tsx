import { useState } from 'preact/hooks';
import { api, type Session } from '../api.js';
import { t } from '../strings.js';

export function LoginView({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    const { data, error: failure } = await api.POST('/api/v1/auth/login', {
      body: { email: form.get('email') as string, password: form.get('password') as string },
    });
    setBusy(false);
    if (data) onLoggedIn(data);
    else setError((failure as { message?: string } | undefined)?.message ?? t('error'));
  };
  return (
    <main class="login">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
        <h1 id="login-title">{t('appName')}</h1>
        <label>
          {t('email')}
          <input name="email" type="email" autocomplete="username" required autofocus />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autocomplete="current-password" required />
        </label>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('loggingIn') : t('login')}
        </button>
      </form>
    </main>
  );
}
