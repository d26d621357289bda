import { Component, lazy, Suspense, useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { LANGUAGES, setLanguage, t, useLanguage, type MessageKey } from './i18n';
import { MapPage } from './pages/MapPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Link, matchPath, usePathname } from './router';

// The map is the first page most readers see and ships in the main bundle; the other pages load
// when first opened, which keeps the first page's JavaScript small.
const DistrictPage = lazy(() => import('./pages/DistrictPage').then((m) => ({ default: m.DistrictPage })));
const DataPage = lazy(() => import('./pages/DataPage').then((m) => ({ default: m.DataPage })));
const TrackerPage = lazy(() => import('./pages/TrackerPage').then((m) => ({ default: m.TrackerPage })));
const IncidentsPage = lazy(() => import('./pages/IncidentsPage').then((m) => ({ default: m.IncidentsPage })));
const IncidentPage = lazy(() => import('./pages/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const MethodologyPage = lazy(() => import('./pages/MethodologyPage').then((m) => ({ default: m.MethodologyPage })));

interface Route {
  path: string;
  /** Shown in the header navigation when set. */
  nav?: MessageKey;
  /** The navigation entry marked current while this page is open. */
  section?: string;
  page: ComponentType<{ params: Record<string, string> }>;
}

const routes: Route[] = [
  { path: '/', nav: 'nav.map', page: MapPage },
  { path: '/districts/:pcode', section: '/', page: DistrictPage },
  { path: '/tracker', nav: 'nav.tracker', page: TrackerPage },
  { path: '/incidents', nav: 'nav.incidents', page: IncidentsPage },
  { path: '/incidents/:id', section: '/incidents', page: IncidentPage },
  { path: '/data', nav: 'nav.data', page: DataPage },
  { path: '/methodology', nav: 'nav.methodology', page: MethodologyPage },
];

/** Shows a page that failed to load (a lost connection while fetching its code) in words. */
class PageBoundary extends Component<{ children: ReactNode; pathname: string }, { error: Error | null; pathname: string }> {
  override state: { error: Error | null; pathname: string } = { error: null, pathname: this.props.pathname };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: { pathname: string }, state: { pathname: string }) {
    // Another page gets a fresh try.
    return props.pathname === state.pathname ? null : { error: null, pathname: props.pathname };
  }

  override render() {
    if (this.state.error) {
      return (
        <p className="notice notice-error" role="alert">
          {t('app.pageError', { message: this.state.error.message })}
        </p>
      );
    }
    return this.props.children;
  }
}

function LanguageSwitch() {
  const language = useLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('lang.label')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          aria-pressed={code === language}
          onClick={() => setLanguage(code)}
        >
          {t(`lang.${code}`)}
        </button>
      ))}
    </div>
  );
}

export function App() {
  const pathname = usePathname();
  // Re-render the whole tree in the new language when it changes.
  useLanguage();
  let match: { route: Route; params: Record<string, string> } | undefined;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) {
      match = { route, params };
      break;
    }
  }
  const current = match ? (match.route.section ?? match.route.path) : null;
  const Page = match?.route.page;

  // After an in-app navigation, move focus to the new page so keyboard and screen-reader users
  // start there rather than on the link they left.
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

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
        <div className="header-end">
          <nav aria-label={t('nav.label')}>
            <ul>
              {routes
                .filter((r) => r.nav)
                .map((r) => (
                  <li key={r.path}>
                    <Link href={r.path} aria-current={r.path === current ? 'page' : undefined}>
                      {t(r.nav!)}
                    </Link>
                  </li>
                ))}
              <li>
                <a href="/api/docs">{t('nav.apiDocs')}</a>
              </li>
            </ul>
          </nav>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1} ref={main}>
        <PageBoundary pathname={pathname}>
          <Suspense
            fallback={
              <p className="notice" role="status">
                {t('app.loadingPage')}
              </p>
            }
          >
            {Page && match ? <Page key={pathname} params={match.params} /> : <NotFoundPage path={pathname} />}
          </Suspense>
        </PageBoundary>
      </main>
    </>
  );
}
