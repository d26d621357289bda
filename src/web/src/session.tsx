import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import * as auditLogPolicy from '../../core/policies/auditLog';
import * as incidentPolicy from '../../core/policies/incidentPolicy';
import * as planPolicy from '../../core/policies/plan';
import { stagesFor } from '../../core/policies/progressReport';
import * as settingPolicy from '../../core/policies/setting';
import * as userPolicy from '../../core/policies/user';
import type { Actor } from '../../core/policies/types';
import { FEDERAL } from '../../core/progress';
import type { Role } from '../../core/roles';
import { ApiError, getJson, sendJson, setCsrfToken } from './api/client';
import { t } from './i18n';
import { Link } from './router';

/** The signed-in user as `GET /api/v1/auth/me` answers it. Users sign in with their email address. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  /** Province P-code of a provincial role, else null. */
  province: string | null;
  disabled: boolean;
  created_at: string;
}

interface SessionAnswer {
  user: SessionUser;
  csrf_token: string | null;
}

/**
 * What the web app offers a user. Each is derived from the shared policies in src/core/policies,
 * so the app hides what the API would refuse; the API still checks every request.
 */
export type Capability =
  /** The work area: progress reports the user may see beyond the public ones. */
  | 'reports.read'
  /** Start and write progress reports (for `reportJurisdictions(user)`). */
  | 'reports.create'
  /** Approve, accept or return submitted reports. */
  | 'reports.review'
  /** Enter, correct and delete incidents. */
  | 'incidents.write'
  /** Upload data files and undo import batches. */
  | 'imports.manage'
  | 'users.manage'
  | 'audit.read'
  | 'settings.read'
  | 'settings.update'
  | 'plans.manage';

export function actorOf(user: SessionUser | null): Actor {
  return user ? { id: user.id, role: user.role, province_pcode: user.province } : null;
}

/** Jurisdictions the user may start reports for: their own province, or `federal` for coordinators. */
export function reportJurisdictions(user: SessionUser | null): string[] {
  const actor = actorOf(user);
  const candidates = user?.province ? [user.province, FEDERAL] : [FEDERAL];
  return candidates.filter((j) => stagesFor(actor, j).includes('author'));
}

/** Whether the user's role may review reports (approve, accept or return) anywhere. */
function reviews(user: SessionUser | null): boolean {
  const actor = actorOf(user);
  const jurisdictions = user?.province ? [user.province, FEDERAL] : [FEDERAL, 'PK1'];
  return jurisdictions.some((j) => {
    const stages = stagesFor(actor, j);
    return stages.includes('provincial_reviewer') || stages.includes('national_reviewer');
  });
}

/** Which screens and actions to show the user (`null`: an anonymous reader). */
export function can(user: SessionUser | null, capability: Capability): boolean {
  if (!user || user.disabled) return false;
  const actor = actorOf(user);
  switch (capability) {
    case 'reports.read':
      return true;
    case 'reports.create':
      return reportJurisdictions(user).length > 0;
    case 'reports.review':
      return reviews(user);
    case 'incidents.write':
      return incidentPolicy.can(actor, 'create');
    case 'imports.manage':
      return incidentPolicy.can(actor, 'import');
    case 'users.manage':
      return userPolicy.can(actor, 'read');
    case 'audit.read':
      return auditLogPolicy.can(actor, 'read');
    case 'settings.read':
      return settingPolicy.can(actor, 'read');
    case 'settings.update':
      return settingPolicy.can(actor, 'update');
    case 'plans.manage':
      return planPolicy.can(actor, 'update');
  }
}

export interface Session {
  user: SessionUser | null;
  /** True until the first /auth/me answer. */
  loading: boolean;
  /** Signs in by email address (the account's user name) and password; throws ApiError. */
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Asks the server again who is signed in (after a 401, for example). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

// The session cookie is httpOnly, so the page cannot see whether one exists. Asking /auth/me on
// every visit would answer most readers, who never sign in, with a 401 that the browser logs as
// an error; a flag in local storage remembers that this browser signed in, and only then is the
// server asked. Where storage is refused the server is always asked.
const SIGNED_IN_FLAG = 'nap-monitor.signed-in';

function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) globalThis.localStorage?.setItem(SIGNED_IN_FLAG, '1');
    else globalThis.localStorage?.removeItem(SIGNED_IN_FLAG);
  } catch {
    // Storage refused: nothing remembered.
  }
}

function mayBeSignedIn(): boolean {
  try {
    return globalThis.localStorage?.getItem(SIGNED_IN_FLAG) === '1';
  } catch {
    return true;
  }
}

async function fetchSession(): Promise<SessionAnswer | null> {
  if (!mayBeSignedIn()) return null;
  try {
    return await getJson<SessionAnswer>('/api/v1/auth/me');
  } catch (error) {
    // 401 is an anonymous reader; anything else (server unreachable) is treated the same, so
    // public pages still work.
    if (error instanceof ApiError) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(true);

  const apply = useCallback((answer: SessionAnswer | null) => {
    rememberSignedIn(answer !== null);
    setCsrfToken(answer?.csrf_token ?? null);
    setUser(answer?.user ?? null);
    setLoading(false);
  }, []);

  const refresh = useCallback(async () => {
    rememberSignedIn(true);
    apply(await fetchSession());
  }, [apply]);

  useEffect(() => {
    let live = true;
    void fetchSession().then((answer) => {
      if (live) apply(answer);
    });
    return () => {
      live = false;
    };
  }, [apply]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = await sendJson<SessionAnswer>('POST', '/api/v1/auth/login', { email: username, password });
      apply(answer);
    },
    [apply],
  );

  const signOut = useCallback(async () => {
    try {
      await sendJson<void>('POST', '/api/v1/auth/logout');
    } finally {
      apply(null);
    }
  }, [apply]);

  const value = useMemo<Session>(() => ({ user, loading, signIn, signOut, refresh }), [user, loading, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a SessionProvider above it');
  return session;
}

/**
 * Goes to `href` in place of the current history entry, so Back does not return to a page that
 * would only redirect again (a work page seen anonymously, the sign-in page once signed in).
 */
export function replaceLocation(href: string): void {
  window.history.replaceState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

/** The sign-in page's address that brings the reader back to `returnTo` afterwards. */
export function signInHref(returnTo: string = window.location.pathname + window.location.search): string {
  return `/signin?next=${encodeURIComponent(returnTo)}`;
}

/**
 * Guards a work page: anonymous readers are sent to sign in (and brought back), and a role
 * without the capability is told so in words instead of seeing the page.
 */
export function RequireCapability({ capability, children }: { capability: Capability; children: ReactNode }) {
  const { user, loading } = useSession();
  useEffect(() => {
    if (!loading && !user) replaceLocation(signInHref());
  }, [loading, user]);
  if (loading || !user) {
    return (
      <p className="notice" role="status">
        {t('session.checking')}
      </p>
    );
  }
  if (!can(user, capability)) {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t('session.forbidden')}</p>
        <Link href="/">{t('notFound.home')}</Link>
      </div>
    );
  }
  return <>{children}</>;
}
