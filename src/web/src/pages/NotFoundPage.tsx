import { t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

export function NotFoundPage({ path }: { path: string }) {
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path })}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
