import { useEffect } from 'react';
import { t } from '../i18n';
import { Link } from '../router';

export function NotFoundPage({ path }: { path: string }) {
  useEffect(() => {
    document.title = `${t('notFound.title')} — ${t('app.name')}`;
  }, []);
  return (
    <main id="main" className="page">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </main>
  );
}
