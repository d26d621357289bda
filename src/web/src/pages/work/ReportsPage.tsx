import { useId, useState, type FormEvent } from 'react';
import { REPORT_STATUSES, type ReportStatus } from '../../../../core/workflow';
import { listPlans } from '../../api/progress';
import { listWorkReports, type ReportFilters, type ReportPage } from '../../api/progressWrite';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { formatInteger, plural } from '../../format';
import { t } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import {
  describedBy,
  errorMessage,
  FieldError,
  fieldProblems,
  ratingLabel,
  StatusBadge,
  useJurisdictionNames,
  useProvinceCodes,
} from './ReportsShared';

const PER_PAGE = 25;

interface Draft {
  plan: string;
  jurisdiction: string;
  period: string;
  status: string;
}

const EMPTY: Draft = { plan: '', jurisdiction: '', period: '', status: '' };

function toFilters(draft: Draft, page: number): ReportFilters {
  return {
    plan: draft.plan || undefined,
    jurisdiction: draft.jurisdiction || undefined,
    period: draft.period.trim() || undefined,
    status: (draft.status || undefined) as ReportStatus | undefined,
    page,
    per_page: PER_PAGE,
  };
}

/** The progress reports the signed-in user may see, with filters and pages. */
export function ReportsPage() {
  usePageTitle(t('reports.title'));
  const { user } = useSession();
  const id = useId();
  const plans = useApi('plans', (signal) => listPlans(signal));
  const provinces = useProvinceCodes();
  const jurisdictionName = useJurisdictionNames();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [applied, setApplied] = useState<Draft>(EMPTY);
  const [page, setPage] = useState(1);
  const filters = toFilters(applied, page);
  const { result, latest, retry } = useApi<ReportPage>(JSON.stringify(filters), (signal) => listWorkReports(filters, signal));
  const problems = result.state === 'error' ? fieldProblems(result.error) : {};

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
    setPage(1);
  };
  const clear = () => {
    setDraft(EMPTY);
    setApplied(EMPTY);
    setPage(1);
  };

  const shown = result.state === 'ready' ? result.data : result.state === 'loading' ? latest : undefined;
  const total = shown?.pagination.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));

  return (
    <div className="work-page reports-page">
      <div className="section-head">
        <h1>{t('reports.title')}</h1>
        {can(user, 'reports.create') && (
          <Link href="/work/reports/new" className="button button-primary">
            {t('reports.new')}
          </Link>
        )}
      </div>
      <p className="intro">{t('reports.intro')}</p>

      <form className="work-filters" onSubmit={apply} aria-label={t('reports.filters')}>
        <div className="field">
          <label htmlFor={`${id}-plan`}>{t('reports.plan')}</label>
          <select id={`${id}-plan`} value={draft.plan} onChange={(e) => setDraft({ ...draft, plan: e.target.value })}>
            <option value="">{t('reports.any')}</option>
            {plans.result.state === 'ready' &&
              plans.result.data.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-jurisdiction`}>{t('reports.jurisdiction')}</label>
          <select id={`${id}-jurisdiction`} value={draft.jurisdiction} onChange={(e) => setDraft({ ...draft, jurisdiction: e.target.value })}>
            <option value="">{t('reports.any')}</option>
            {['federal', ...provinces].map((code) => (
              <option key={code} value={code}>
                {jurisdictionName(code)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('reports.period')}</label>
          <input
            id={`${id}-period`}
            value={draft.period}
            onChange={(e) => setDraft({ ...draft, period: e.target.value })}
            aria-invalid={problems.period ? true : undefined}
            aria-describedby={describedBy(`${id}-period-hint`, problems.period && `${id}-period-error`)}
            size={10}
          />
          <span className="field-hint" id={`${id}-period-hint`}>
            {t('reports.periodHint')}
          </span>
          <FieldError id={`${id}-period-error`} message={problems.period} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('reports.status')}</label>
          <select id={`${id}-status`} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
            <option value="">{t('reports.any')}</option>
            {REPORT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`reportStatus.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-actions">
          <button type="submit" className="button button-primary">
            {t('reports.apply')}
          </button>
          <button type="button" className="button" onClick={clear}>
            {t('reports.clear')}
          </button>
        </div>
      </form>

      {result.state === 'loading' && <Loading message={t('reports.loading')} />}
      {result.state === 'error' && (
        <LoadError
          message={t('reports.error', { message: errorMessage(result.error) })}
          onRetry={Object.keys(problems).length === 0 ? retry : undefined}
        />
      )}
      {shown && shown.data.length === 0 && result.state === 'ready' && <p className="notice">{t('reports.empty')}</p>}
      {shown && shown.data.length > 0 && (
        <>
          <p className="table-count" aria-live="polite">
            {plural(total, 'reports.countOne', 'reports.count')}
          </p>
          <div className="work-table-wrap" role="region" tabIndex={0} aria-label={t('reports.caption')}>
            <table className="work-table reports-table">
              <caption className="visually-hidden">{t('reports.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('reports.subject')}</th>
                  <th scope="col">{t('reports.jurisdiction')}</th>
                  <th scope="col">{t('reports.period')}</th>
                  <th scope="col">{t('reports.status')}</th>
                  <th scope="col">{t('reports.rating')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.data.map((r) => (
                  <tr key={r.id} data-report={r.id}>
                    <th scope="row">
                      <Link href={`/work/reports/${r.id}`}>
                        {r.measure
                          ? t('reports.subjectMeasure', { plan: r.plan, point: r.point, measure: r.measure })
                          : t('reports.subjectPoint', { plan: r.plan, point: r.point })}
                      </Link>
                    </th>
                    <td data-label={t('reports.jurisdiction')}>{jurisdictionName(r.jurisdiction)}</td>
                    <td data-label={t('reports.period')}>{r.period}</td>
                    <td data-label={t('reports.status')}>
                      <StatusBadge status={r.status} />
                      {r.actions.some((a) => a !== 'update') && <span className="cell-note">{t('reports.yourTurn')}</span>}
                    </td>
                    <td data-label={t('reports.rating')}>{r.rating ? <span className={`rating-chip rating-${r.rating}`}>{ratingLabel(r.rating)}</span> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('reports.pages')}>
            <button type="button" className="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('reports.previous')}
            </button>
            <span>{t('reports.pageOf', { page: formatInteger(page), pages: formatInteger(pages) })}</span>
            <button type="button" className="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('reports.next')}
            </button>
          </nav>
        </>
      )}
    </div>
  );
}
