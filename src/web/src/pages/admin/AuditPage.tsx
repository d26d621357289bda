import { useId, useState, type FormEvent } from 'react';
import { AUDIT_FILTER_KEYS, listAudit, verifyAuditChain, type AuditEntry, type AuditFilters } from '../../api/audit';
import { useApi } from '../../api/useApi';
import { listUsers } from '../../api/users';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { downloadText, toCsv } from '../../components/tables/csv';
import { formatInteger, plural } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link } from '../../router';
import { can, useSession } from '../../session';

// The audit trail: who changed what and when, filtered and paged, with the hash chain checked and
// the filtered entries as CSV.

const PER_PAGE = 50;
/** The CSV is built from the API's pages; this many entries at most. */
const CSV_LIMIT = 20_000;

const ENTITY_TYPES = ['incident', 'progress_report', 'plan', 'plan_point', 'plan_measure', 'user', 'api_token', 'setting'] as const;
const ACTIONS = [
  'incident.create',
  'incident.update',
  'incident.delete',
  'incident.link',
  'incident.unlink',
  'progress.create',
  'progress.update',
  'plan.create',
  'plan.update',
  'plan_point.create',
  'plan_point.update',
  'plan_measure.create',
  'plan_measure.update',
  'user.create',
  'user.disable',
  'user.enable',
  'api_token.create',
  'api_token.revoke',
  'setting.update',
];

function entityLabel(type: string): string {
  return (ENTITY_TYPES as readonly string[]).includes(type) ? t(`audit.entity.${type}` as MessageKey) : type;
}

function readFilters(search: string): { filters: AuditFilters; page: number } {
  const query = new URLSearchParams(search);
  const filters: AuditFilters = {};
  for (const key of AUDIT_FILTER_KEYS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const page = Number(query.get('page'));
  return { filters, page: Number.isInteger(page) && page > 0 ? page : 1 };
}

function writeFilters(filters: AuditFilters, page: number): void {
  const query = new URLSearchParams();
  for (const key of AUDIT_FILTER_KEYS) if (filters[key]) query.set(key, filters[key]);
  if (page > 1) query.set('page', String(page));
  window.history.replaceState(null, '', `${window.location.pathname}${query.size > 0 ? `?${query.toString()}` : ''}`);
}

/** The fields an entry changed, before → after; a created or removed record is shown whole. */
export function changedFields(before: unknown, after: unknown): { field: string; before: string; after: string }[] {
  const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isRecord(before) || !isRecord(after)) {
    if (isRecord(after)) return Object.entries(after).map(([field, value]) => ({ field, before: '', after: show(value) }));
    return [{ field: '', before: show(before), after: show(after) }];
  }
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]))
    .map((field) => ({ field, before: show(before[field]), after: show(after[field]) }));
}

function ChainStatus() {
  const { result, retry } = useApi('audit-chain', (signal) => verifyAuditChain(signal));
  if (result.state === 'loading') {
    return <Loading message={t('audit.chainChecking')} className="chain-status" />;
  }
  if (result.state === 'error') {
    return (
      <LoadError message={t('audit.chainFailed', { message: result.error.message })} onRetry={retry} className="chain-status" />
    );
  }
  const chain = result.data;
  if (chain.ok) {
    return (
      <p className="chain-status chain-ok">
        <span aria-hidden="true">✓ </span>
        {t('audit.chainOk', { count: formatInteger(chain.entries) })}
      </p>
    );
  }
  return (
    <div className="notice notice-error chain-status" role="alert">
      <p>
        {t('audit.chainBroken', { seq: chain.problem?.seq ?? '?', reason: chain.problem?.reason ?? '' })}
      </p>
    </div>
  );
}

function Filters({ initial, actors, onApply }: { initial: AuditFilters; actors: { id: number; email: string }[] | null; onApply: (f: AuditFilters) => void }) {
  const id = useId();
  const [draft, setDraft] = useState<AuditFilters>(initial);
  const set = (key: keyof AuditFilters, value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="incident-filters audit-filters" onSubmit={submit} aria-label={t('audit.filters')}>
      <div className="field">
        <label htmlFor={`${id}-type`}>{t('audit.entityType')}</label>
        <select id={`${id}-type`} value={draft.entity_type ?? ''} onChange={(e) => set('entity_type', e.target.value)}>
          <option value="">{t('incidents.any')}</option>
          {ENTITY_TYPES.map((type) => (
            <option key={type} value={type}>
              {entityLabel(type)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-entity`}>{t('audit.entityId')}</label>
        <input id={`${id}-entity`} type="text" value={draft.entity_id ?? ''} onChange={(e) => set('entity_id', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
        <input id={`${id}-action`} type="text" list={`${id}-actions`} value={draft.action ?? ''} onChange={(e) => set('action', e.target.value)} />
        <datalist id={`${id}-actions`}>
          {ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-actor`}>{t('audit.actor')}</label>
        {actors ? (
          <select id={`${id}-actor`} value={draft.actor ?? ''} onChange={(e) => set('actor', e.target.value)}>
            <option value="">{t('incidents.any')}</option>
            {actors.map((a) => (
              <option key={a.id} value={String(a.id)}>
                {a.email}
              </option>
            ))}
          </select>
        ) : (
          <input id={`${id}-actor`} type="text" inputMode="numeric" value={draft.actor ?? ''} onChange={(e) => set('actor', e.target.value)} />
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('incidents.from')}</label>
        <input id={`${id}-from`} type="date" value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('incidents.to')}</label>
        <input id={`${id}-to`} type="date" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} />
      </div>
      <div className="filter-actions">
        <button type="submit" className="button">
          {t('incidents.apply')}
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('incidents.clear')}
        </button>
      </div>
    </form>
  );
}

function EntityCell({ entry }: { entry: AuditEntry }) {
  const label = `${entityLabel(entry.entity_type)} ${entry.entity_id}`;
  if (entry.entity_type === 'incident') return <Link href={`/incidents/${encodeURIComponent(entry.entity_id)}`}>{label}</Link>;
  return <>{label}</>;
}

function EntryRow({ entry, actorName }: { entry: AuditEntry; actorName: string }) {
  const changes = changedFields(entry.before, entry.after);
  return (
    <tr data-seq={entry.seq}>
      <th scope="row" data-label={t('audit.when')}>
        <span className="nowrap">{entry.created_at.replace('T', ' ').slice(0, 19)}</span>
        <span className="cell-note"> #{formatInteger(entry.seq)}</span>
      </th>
      <td data-label={t('audit.actor')}>{actorName}</td>
      <td data-label={t('audit.action')}>
        <code>{entry.action}</code>
      </td>
      <td data-label={t('audit.entity')}>
        <EntityCell entry={entry} />
      </td>
      <td data-label={t('audit.change')} className="cell-change">
        {changes.length === 0 ? (
          '—'
        ) : (
          <details>
            <summary>{plural(changes.length, 'audit.changedField', 'audit.changedFields')}</summary>
            <dl className="change-list">
              {changes.map((c) => (
                <div key={c.field}>
                  <dt>{c.field || t('audit.value')}</dt>
                  <dd>
                    {c.before !== '' && <del>{c.before}</del>}
                    {c.before !== '' && c.after !== '' && ' → '}
                    {c.after !== '' && <ins>{c.after}</ins>}
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}

async function allEntries(filters: AuditFilters): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let page = 1; entries.length < CSV_LIMIT; page++) {
    const answer = await listAudit(filters, page, 200);
    entries.push(...answer.data);
    if (answer.data.length < 200 || entries.length >= answer.pagination.total) break;
  }
  return entries.slice(0, CSV_LIMIT);
}

function Audit() {
  const { user } = useSession();
  const [view, setView] = useState(() => readFilters(window.location.search));
  const [preparing, setPreparing] = useState(false);
  const [csvProblem, setCsvProblem] = useState<string | null>(null);
  const key = JSON.stringify(view);
  const { result, latest, retry } = useApi(key, (signal) => listAudit(view.filters, view.page, PER_PAGE, signal));
  const isAdmin = can(user, 'users.manage');
  const users = useApi(isAdmin ? 'audit-users' : null, (signal) => listUsers(signal)).latest;
  const emails = new Map((users ?? []).map((u) => [u.id, u.email]));
  const actorName = (actor: number | null) => (actor === null ? t('audit.system') : (emails.get(actor) ?? t('audit.userNumber', { id: actor })));
  const page = result.state === 'ready' ? result.data : latest;

  const change = (filters: AuditFilters, pageNumber: number) => {
    writeFilters(filters, pageNumber);
    setView({ filters, page: pageNumber });
  };

  const download = async () => {
    setPreparing(true);
    setCsvProblem(null);
    try {
      const entries = await allEntries(view.filters);
      const rows = entries.map((e) => [
        e.seq,
        e.created_at,
        e.actor_id,
        e.actor_id === null ? '' : (emails.get(e.actor_id) ?? ''),
        e.action,
        e.entity_type,
        e.entity_id,
        e.request_id,
        JSON.stringify(e.before),
        JSON.stringify(e.after),
        e.prev_hash,
        e.hash,
      ]);
      const header = ['seq', 'created_at', 'actor_id', 'actor_email', 'action', 'entity_type', 'entity_id', 'request_id', 'before', 'after', 'prev_hash', 'hash'];
      downloadText('audit-trail.csv', toCsv(header, rows));
    } catch (error) {
      setCsvProblem(t('audit.csvFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setPreparing(false);
    }
  };

  const total = page?.pagination.total ?? 0;
  const first = (view.page - 1) * PER_PAGE + 1;
  const last = Math.min(total, view.page * PER_PAGE);
  return (
    <>
      <ChainStatus />
      <Filters initial={view.filters} actors={isAdmin && users ? users.map((u) => ({ id: u.id, email: u.email })) : null} onApply={(filters) => change(filters, 1)} />
      <p className="downloads">
        <button type="button" className="button" disabled={preparing} onClick={() => void download()}>
          {preparing ? t('data.preparing') : t('audit.downloadCsv')}
        </button>
      </p>
      {csvProblem && (
        <p className="notice notice-error" role="alert">
          {csvProblem}
        </p>
      )}
      {result.state === 'loading' && !page && <Loading message={t('audit.loading')} />}
      {result.state === 'error' && <LoadError message={t('audit.error', { message: result.error.message })} onRetry={retry} />}
      {page && page.data.length === 0 && <p className="table-empty">{t('audit.empty')}</p>}
      {page && page.data.length > 0 && (
        <>
          <p className="table-count">{t('audit.count', { first: formatInteger(first), last: formatInteger(last), total: formatInteger(total) })}</p>
          <table className="stack-table audit-table" aria-busy={result.state === 'loading'}>
            <caption className="visually-hidden">{t('audit.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.entity')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {page.data.map((e) => (
                <EntryRow key={e.id} entry={e} actorName={actorName(e.actor_id)} />
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label={t('audit.pages')}>
            <button type="button" className="button" disabled={view.page <= 1} onClick={() => change(view.filters, view.page - 1)}>
              {t('incidents.previous')}
            </button>
            <span>{t('incidents.page', { page: formatInteger(view.page) })}</span>
            <button type="button" className="button" disabled={last >= total} onClick={() => change(view.filters, view.page + 1)}>
              {t('incidents.next')}
            </button>
          </nav>
        </>
      )}
    </>
  );
}

export function AuditPage() {
  usePageTitle(t('audit.title'));
  return (
    <div className="admin-page audit-page">
      <h1>{t('audit.title')}</h1>
      <p className="intro">{t('audit.intro')}</p>
      <Audit />
    </div>
  );
}
