import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { replaceLocation, useSession } from '../session';

/** Only same-site paths are followed after sign-in, so a crafted link cannot send users elsewhere. */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/signin')) return '/work/reports';
  return next;
}

function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('signin.wrong');
    if (error.status === 429) return t('signin.tooMany');
    if (error.status === 0) return t('signin.unreachable');
    return t('signin.failed', { message: error.message });
  }
  return t('signin.failed', { message: error instanceof Error ? error.message : String(error) });
}

export function SignInPage() {
  usePageTitle(t('signin.title'));
  const { user, loading, signIn } = useSession();
  const next = safeReturnPath(new URLSearchParams(window.location.search).get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const id = useId();

  // Someone already signed in has nothing to do here.
  useEffect(() => {
    if (!loading && user) replaceLocation(next);
  }, [loading, user, next]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof problems = {};
    if (email.trim() === '') found.email = t('signin.emailMissing');
    if (password === '') found.password = t('signin.passwordMissing');
    if (found.email || found.password) {
      setProblems(found);
      (found.email ? emailInput : passwordInput).current?.focus();
      return;
    }
    setBusy(true);
    setProblems({});
    try {
      await signIn(email.trim(), password);
      replaceLocation(next);
    } catch (error) {
      setProblems({ form: messageFor(error) });
      setPassword('');
      setBusy(false);
      // Move focus to the message so screen readers announce it, then the user retypes.
      requestAnimationFrame(() => alertRef.current?.focus());
    }
  };

  return (
    <section className="signin" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('signin.title')}</h1>
      <p className="intro">{t('signin.intro')}</p>
      {problems.form && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{problems.form}</p>
        </div>
      )}
      <form className="form-stack" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('signin.email')}</label>
          <input
            id={`${id}-email`}
            ref={emailInput}
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={problems.email ? true : undefined}
            aria-describedby={problems.email ? `${id}-email-error` : undefined}
            required
          />
          {problems.email && (
            <span className="field-error" id={`${id}-email-error`}>
              {problems.email}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('signin.password')}</label>
          <input
            id={`${id}-password`}
            ref={passwordInput}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={problems.password ? true : undefined}
            aria-describedby={problems.password ? `${id}-password-error` : undefined}
            required
          />
          {problems.password && (
            <span className="field-error" id={`${id}-password-error`}>
              {problems.password}
            </span>
          )}
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('signin.busy') : t('signin.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
