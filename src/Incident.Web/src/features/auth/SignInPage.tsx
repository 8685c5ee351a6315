import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { signIn } from '../../api/endpoints';
import { ApiReferenceLink, LanguageSwitch } from '../../app/Header';
import { useI18n } from '../../i18n/i18n';
import { session } from './session';

export function SignInPage() {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(session.endedReason === 'expired' ? t('auth.expired') : null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(t('auth.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await signIn(username.trim(), password);
      session.signIn(res);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(err.detail ?? t('auth.badCredentials'));
      else if (err instanceof ApiError && err.status === 0) setError(t('app.networkError'));
      else setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <div className="signin-head">
          <h1>{t('app.name')}</h1>
          <LanguageSwitch />
        </div>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={submit} noValidate data-testid="sign-in-form">
          <h2>{t('auth.title')}</h2>
          <div className="field">
            <label htmlFor="signin-username">{t('auth.username')}</label>
            <input
              id="signin-username"
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor="signin-password">{t('auth.password')}</label>
            <input
              id="signin-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </div>
          {error && (
            <div className="error-box" role="alert" data-testid="sign-in-error">
              {error}
            </div>
          )}
          <button type="submit" disabled={busy} data-testid="sign-in-submit">
            {busy ? t('auth.signingIn') : t('auth.submit')}
          </button>
        </form>
        <p className="signin-foot">
          <ApiReferenceLink />
        </p>
      </div>
    </main>
  );
}
