import type { ComponentType } from 'react';
import { t, type MessageKey } from './i18n';
import { MapPage } from './pages/MapPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Link, usePathname } from './router';

interface Route {
  path: string;
  nav: MessageKey;
  page: ComponentType;
}

/** The pages of the app; each appears in the header navigation. */
const routes: Route[] = [{ path: '/', nav: 'nav.map', page: MapPage }];

export function App() {
  const pathname = usePathname();
  const route = routes.find((r) => r.path === pathname);
  const Page = route?.page;

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="brand">
          <Link href="/" className="brand-name">
            {t('app.name')}
          </Link>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </div>
        <nav aria-label={t('nav.label')}>
          <ul>
            {routes.map((r) => (
              <li key={r.path}>
                <Link href={r.path} aria-current={r === route ? 'page' : undefined}>
                  {t(r.nav)}
                </Link>
              </li>
            ))}
            <li>
              <a href="/api/docs">{t('nav.apiDocs')}</a>
            </li>
          </ul>
        </nav>
      </header>
      {Page ? <Page /> : <NotFoundPage path={pathname} />}
    </>
  );
}
