import { useId, useState } from 'react';
import {
  getTracker,
  isCompletion,
  isRating,
  listCellHistory,
  listPlans,
  RATINGS,
  type ProgressReport,
  type Tracker,
  type TrackerCell,
  type TrackerPoint,
} from '../api/progress';
import { useApi } from '../api/useApi';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { downloadText, toCsv } from '../components/tables/csv';
import { formatDate } from '../format';
import { t, type MessageKey } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

function ratingLabel(rating: string | null | undefined): string {
  return t(`rating.${isRating(rating) ? rating : 'unrated'}` as MessageKey);
}

function completionLabel(completion: string | null | undefined): string {
  return isCompletion(completion) ? t(`completion.${completion}` as MessageKey) : t('completion.none');
}

/** Years from the plan's adoption to this year, newest first. */
function periodChoices(adoptedOn: string | null | undefined): string[] {
  const first = adoptedOn ? Number(adoptedOn.slice(0, 4)) : 2014;
  const last = new Date().getFullYear();
  const years: string[] = [];
  for (let year = last; year >= first; year--) years.push(String(year));
  return years;
}

function trackerCsv(tracker: Tracker): string {
  const header = ['point', 'text', 'dimension'];
  for (const j of tracker.jurisdictions) header.push(`${j.code}_rating`, `${j.code}_completion`, `${j.code}_period`);
  return toCsv(
    header,
    tracker.points.map((p) => [
      p.code,
      p.text,
      p.dimension,
      ...tracker.jurisdictions.flatMap((j) => {
        const cell = p.cells[j.code];
        return cell ? [cell.rating, cell.completion, cell.period] : [null, null, null];
      }),
    ]),
  );
}

interface Selected {
  point: TrackerPoint;
  jurisdiction: { code: string; name: string };
}

function History({ plan, selected, onClose }: { plan: string; selected: Selected; onClose: () => void }) {
  const headingId = useId();
  const key = `${plan}|${selected.point.code}|${selected.jurisdiction.code}`;
  const { result, retry } = useApi<ProgressReport[]>(key, (signal) =>
    listCellHistory(plan, selected.point.code, selected.jurisdiction.code, signal),
  );
  return (
    <section className="history-panel" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>{t('tracker.historyTitle', { point: selected.point.code, jurisdiction: selected.jurisdiction.name })}</h2>
        <button type="button" className="button button-small" onClick={onClose}>
          {t('tracker.close')}
        </button>
      </div>
      <p className="history-point">{selected.point.text}</p>
      {result.state === 'loading' && <Loading message={t('tracker.historyLoading')} />}
      {result.state === 'error' && (
        <LoadError message={t('tracker.historyError', { message: result.error.message })} onRetry={retry} />
      )}
      {result.state === 'ready' && result.data.length === 0 && <p className="notice">{t('tracker.historyEmpty')}</p>}
      {result.state === 'ready' && result.data.length > 0 && (
        <ol className="history-list">
          {result.data.map((report) => (
            <li key={report.id} className="history-item">
              <p className="history-meta">
                <strong>{t('tracker.reportPeriod', { period: report.period })}</strong>{' '}
                <span className={`rating-chip rating-${isRating(report.rating) ? report.rating : 'unrated'}`}>
                  {ratingLabel(report.rating)}
                </span>{' '}
                <span>{completionLabel(report.completion)}</span>
                {report.origin === 'public_source' && <span className="cell-note">{t('tracker.publicSource')}</span>}
              </p>
              {report.narrative && <p>{report.narrative}</p>}
              {report.evidence.length > 0 && (
                <>
                  <h3 className="history-evidence">{t('tracker.evidence')}</h3>
                  <ul>
                    {report.evidence.map((e) => (
                      <li key={e.url}>
                        <a href={e.url} rel="noreferrer noopener">
                          {e.title}
                        </a>
                        {e.date && ` (${e.date.length === 10 ? formatDate(e.date) : e.date})`}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Cell({ cell, label, onSelect, pressed }: { cell: TrackerCell | null; label: string; onSelect: () => void; pressed: boolean }) {
  const rating = cell ? (isRating(cell.rating) ? cell.rating : 'unrated') : 'none';
  return (
    <td className={`tracker-cell rating-${rating}`}>
      <button type="button" className="cell-button" aria-pressed={pressed} onClick={onSelect}>
        <span className="visually-hidden">{label} </span>
        {cell ? (
          <>
            <span className="cell-rating">{ratingLabel(cell.rating)}</span>
            <span className="cell-completion">{completionLabel(cell.completion)}</span>
            <span className="cell-period">{cell.period}</span>
          </>
        ) : (
          <span className="cell-completion">{t('tracker.noReport')}</span>
        )}
      </button>
    </td>
  );
}

export function TrackerPage() {
  usePageTitle(t('tracker.title'));
  const planId = useId();
  const periodId = useId();
  const plans = useApi('plans', (signal) => listPlans(signal));
  const [planChoice, setPlanChoice] = useState<string | null>(null);
  const [period, setPeriod] = useState('');
  const [selected, setSelected] = useState<Selected | null>(null);

  const planList = plans.result.state === 'ready' ? plans.result.data : [];
  const plan = planChoice ?? planList.find((p) => p.code === 'NAP-2014')?.code ?? planList[0]?.code ?? null;
  const planInfo = planList.find((p) => p.code === plan);
  const tracker = useApi<Tracker>(plan === null ? null : `${plan}|${period}`, (signal) =>
    getTracker(plan!, period || undefined, signal),
  );

  return (
    <div className="tracker-page">
      <h1>{t('tracker.title')}</h1>
      <p className="intro">{t('tracker.intro')}</p>
      {plans.result.state === 'error' && (
        <LoadError message={t('tracker.error', { message: plans.result.error.message })} onRetry={plans.retry} />
      )}
      <div className="controls">
        <div className="field field-indicator">
          <label htmlFor={planId}>{t('tracker.plan')}</label>
          <select
            id={planId}
            value={plan ?? ''}
            onChange={(e) => {
              setPlanChoice(e.target.value);
              setSelected(null);
            }}
          >
            {planList.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-year">
          <label htmlFor={periodId}>{t('tracker.period')}</label>
          <select
            id={periodId}
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value);
              setSelected(null);
            }}
          >
            <option value="">{t('tracker.latest')}</option>
            {periodChoices(planInfo?.adopted_on).map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
        {tracker.result.state === 'ready' && (
          <button
            type="button"
            className="button"
            onClick={() => {
              const data = (tracker.result as { data: Tracker }).data;
              downloadText(`${data.plan.code}_tracker${data.period ? `_${data.period}` : ''}.csv`, trackerCsv(data));
            }}
          >
            {t('tracker.downloadCsv')}
          </button>
        )}
      </div>

      <section className="tracker-legend" aria-label={t('tracker.legend')}>
        <h2 className="legend-title">{t('tracker.legend')}</h2>
        <ul className="legend-items">
          {RATINGS.map((rating) => (
            <li key={rating}>
              <span className={`swatch rating-${rating}`} aria-hidden="true" /> {ratingLabel(rating)}
            </li>
          ))}
          <li>
            <span className="swatch rating-none" aria-hidden="true" /> {t('tracker.noReport')}
          </li>
        </ul>
      </section>

      {tracker.result.state === 'loading' && plan !== null && <Loading message={t('tracker.loading')} />}
      {tracker.result.state === 'error' && (
        <LoadError message={t('tracker.error', { message: tracker.result.error.message })} onRetry={tracker.retry} />
      )}
      {tracker.result.state === 'ready' && tracker.result.data.points.length === 0 && (
        <p className="notice">{t('tracker.noPoints')}</p>
      )}
      {tracker.result.state === 'ready' && tracker.result.data.points.length > 0 && (
        <div className="tracker-layout">
          <div className="tracker-scroll" tabIndex={0} role="region" aria-label={t('tracker.caption', { plan: tracker.result.data.plan.name })}>
            <table className="tracker-table">
              <caption className="visually-hidden">{t('tracker.caption', { plan: tracker.result.data.plan.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tracker.point')}</th>
                  {tracker.result.data.jurisdictions.map((j) => (
                    <th scope="col" key={j.code}>
                      {/^PK\d+$/.test(j.code) ? <Link href={`/provinces/${j.code}`}>{j.name}</Link> : j.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {tracker.result.data.points.map((point) => (
                  <tr key={point.code} data-point={point.code}>
                    <th scope="row" className="point-head">
                      <span className="point-number">{point.code}.</span> {point.text}
                      {point.dimension && <span className="cell-note">{t('dimension.label', { dimension: point.dimension })}</span>}
                    </th>
                    {tracker.result.state === 'ready' &&
                      tracker.result.data.jurisdictions.map((j) => {
                        const cell = point.cells[j.code] ?? null;
                        return (
                          <Cell
                            key={j.code}
                            cell={cell}
                            pressed={selected?.point.code === point.code && selected.jurisdiction.code === j.code}
                            label={t('tracker.cellLabel', { point: point.code, jurisdiction: j.name })}
                            onSelect={() => setSelected({ point, jurisdiction: j })}
                          />
                        );
                      })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && plan && <History plan={plan} selected={selected} onClose={() => setSelected(null)} />}
        </div>
      )}
    </div>
  );
}
