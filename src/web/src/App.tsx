import { Component, lazy, Suspense, useEffect, useRef, type ComponentType, type ReactNode } from 'react';
import { LANGUAGES, setLanguage, t, useLanguage, type MessageKey } from './i18n';
import { OverviewPage } from './pages/OverviewPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Link, matchPath, navigate, usePathname } from './router';
import { can, RequireCapability, SessionProvider, signInHref, useSession, type Capability } from './session';

// The overview is the first page most readers see and ships in the main bundle; the other pages
// load when first opened, which keeps the first page's JavaScript small.
const MapPage = lazy(() => import('./pages/MapPage').then((m) => ({ default: m.MapPage })));
const ProvincePage = lazy(() => import('./pages/ProvincePage').then((m) => ({ default: m.ProvincePage })));
const ProvinceReportPage = lazy(() => import('./pages/ProvinceReportPage').then((m) => ({ default: m.ProvinceReportPage })));
const DeprivationPage = lazy(() => import('./pages/DeprivationPage').then((m) => ({ default: m.DeprivationPage })));
const DistrictPage = lazy(() => import('./pages/DistrictPage').then((m) => ({ default: m.DistrictPage })));
const DataPage = lazy(() => import('./pages/DataPage').then((m) => ({ default: m.DataPage })));
const TrackerPage = lazy(() => import('./pages/TrackerPage').then((m) => ({ default: m.TrackerPage })));
const IncidentsPage = lazy(() => import('./pages/IncidentsPage').then((m) => ({ default: m.IncidentsPage })));
const IncidentPage = lazy(() => import('./pages/IncidentPage').then((m) => ({ default: m.IncidentPage })));
const MethodologyPage = lazy(() => import('./pages/MethodologyPage').then((m) => ({ default: m.MethodologyPage })));
const SignInPage = lazy(() => import('./pages/SignInPage').then((m) => ({ default: m.SignInPage })));
const ReportsPage = lazy(() => import('./pages/work/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const ReportNewPage = lazy(() => import('./pages/work/ReportNewPage').then((m) => ({ default: m.ReportNewPage })));
const ReportFormPage = lazy(() => import('./pages/work/ReportFormPage').then((m) => ({ default: m.ReportFormPage })));
const ReviewPage = lazy(() => import('./pages/work/ReviewPage').then((m) => ({ default: m.ReviewPage })));
const NewIncidentPage = lazy(() => import('./pages/work/IncidentFormPage').then((m) => ({ default: m.NewIncidentPage })));
const EditIncidentPage = lazy(() => import('./pages/work/IncidentFormPage').then((m) => ({ default: m.EditIncidentPage })));
const ImportsPage = lazy(() => import('./pages/work/ImportsPage').then((m) => ({ default: m.ImportsPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('./pages/admin/AuditPage').then((m) => ({ default: m.AuditPage })));

interface Route {
  path: string;
  /** Shown in the header navigation when set. */
  nav?: MessageKey;
  /** The navigation entry marked current while this page is open. */
  section?: string;
  page: ComponentType<{ params: Record<string, string> }>;
  /** Shown in the signed-in "Work" navigation when set (and the user has `capability`). */
  work?: MessageKey;
  /** A work page: anonymous readers are sent to sign in; other roles are told they may not. */
  capability?: Capability;
  /** A printable page: no header, navigation or skip link. */
  bare?: boolean;
}

const routes: Route[] = [
  // The home page, reached through the site name in the header.
  { path: '/', page: OverviewPage },
  { path: '/map', nav: 'nav.map', page: MapPage },
  { path: '/districts/:pcode', section: '/map', page: DistrictPage },
  { path: '/provinces/:pcode', section: '/tracker', page: ProvincePage },
  { path: '/report/province/:pcode', bare: true, page: ProvinceReportPage },
  { path: '/analysis/deprivation-violence', section: '/', page: DeprivationPage },
  { path: '/tracker', nav: 'nav.tracker', page: TrackerPage },
  { path: '/incidents', nav: 'nav.incidents', page: IncidentsPage },
  { path: '/incidents/:id', section: '/incidents', page: IncidentPage },
  { path: '/data', nav: 'nav.data', page: DataPage },
  { path: '/methodology', nav: 'nav.methodology', page: MethodologyPage },
  { path: '/signin', page: SignInPage },
  { path: '/work/reports', work: 'work.reports', capability: 'reports.read', page: ReportsPage },
  { path: '/work/reports/new', section: '/work/reports', capability: 'reports.create', page: ReportNewPage },
  { path: '/work/reports/:id', section: '/work/reports', capability: 'reports.read', page: ReportFormPage },
  { path: '/work/review', work: 'work.review', capability: 'reports.review', page: ReviewPage },
  { path: '/work/incidents/new', work: 'work.newIncident', capability: 'incidents.write', page: NewIncidentPage },
  { path: '/incidents/:id/edit', section: '/incidents', capability: 'incidents.write', page: EditIncidentPage },
  { path: '/work/imports', work: 'work.imports', capability: 'imports.manage', page: ImportsPage },
  { path: '/admin/users', work: 'work.users', capability: 'users.manage', page: UsersPage },
  { path: '/admin/audit', work: 'work.audit', capability: 'audit.read', page: AuditPage },
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

/** Sign in, or the signed-in user's name and role with sign out. */
function SessionControls() {
  const { user, loading, signOut } = useSession();
  const pathname = usePathname();
  if (loading) return null;
  if (!user) {
    if (pathname === '/signin') return null;
    return (
      <Link href={signInHref()} className="session-link">
        {t('session.signIn')}
      </Link>
    );
  }
  const onSignOut = () => {
    // Leave a work page first, so it does not send the reader on to the sign-in page.
    if (pathname.startsWith('/work')) navigate('/');
    void signOut();
  };
  return (
    <div className="session-controls">
      <span className="session-user">
        <bdi className="session-name">{user.name}</bdi>{' '}
        <span className="session-role">
          {t(`role.${user.role}`)}
          {user.province && (
            <>
              {' · '}
              <bdi>{user.province}</bdi>
            </>
          )}
        </span>
      </span>
      <button type="button" className="session-signout" onClick={onSignOut}>
        {t('session.signOut')}
      </button>
    </div>
  );
}

/** The work entries the signed-in user's role may use. */
function WorkNav({ current }: { current: string | null }) {
  const { user } = useSession();
  const entries = routes.filter((r) => r.work && (!r.capability || can(user, r.capability)));
  if (!user || entries.length === 0) return null;
  return (
    <nav className="work-nav" aria-label={t('work.navLabel')}>
      <span className="work-nav-title" aria-hidden="true">
        {t('work.title')}
      </span>
      <ul>
        {entries.map((r) => (
          <li key={r.path}>
            <Link href={r.path} aria-current={r.path === current ? 'page' : undefined}>
              {t(r.work!)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
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

  if (Page && match?.route.bare) {
    return (
      <main id="main" className="page page-bare">
        <PageBoundary pathname={pathname}>
          <Suspense fallback={<p className="notice" role="status">{t('app.loadingPage')}</p>}>
            <Page key={pathname} params={match.params} />
          </Suspense>
        </PageBoundary>
      </main>
    );
  }

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
          <SessionControls />
        </div>
      </header>
      <WorkNav current={current} />
      <main id="main" className="page" tabIndex={-1} ref={main}>
        <PageBoundary pathname={pathname}>
          <Suspense
            fallback={
              <p className="notice" role="status">
                {t('app.loadingPage')}
              </p>
            }
          >
            {Page && match ? (
              match.route.capability ? (
                <RequireCapability capability={match.route.capability}>
                  <Page key={pathname} params={match.params} />
                </RequireCapability>
              ) : (
                <Page key={pathname} params={match.params} />
              )
            ) : (
              <NotFoundPage path={pathname} />
            )}
          </Suspense>
        </PageBoundary>
      </main>
    </>
  );
}
