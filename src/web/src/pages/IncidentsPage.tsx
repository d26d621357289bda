import { lazy, Suspense, useId, useMemo, useState, type FormEvent } from 'react';
import { listDistricts, listProvinces } from '../api/geo';
import {
  CATEGORIES,
  FILTER_KEYS,
  FRONTS,
  incidentsCsvUrl,
  listIncidents,
  SORTS,
  type Incident,
  type IncidentFilters,
  type IncidentSort,
} from '../api/incidents';
import type { District } from '../api/types';
import { useApi } from '../api/useApi';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';
import { categoryLabel, formatRange, frontLabel } from './incidents/labels';

export { categoryLabel, formatRange, frontLabel };

// The map (d3-geo, the boundaries) loads after the list, in its own chunk.
const IncidentsMap = lazy(() => import('./incidents/IncidentsMap').then((m) => ({ default: m.IncidentsMap })));
const RESULTS_ID = 'incident-results';

interface View {
  filters: IncidentFilters;
  sort: IncidentSort;
}

function readView(search: string): View {
  const query = new URLSearchParams(search);
  const filters: IncidentFilters = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const sort = query.get('sort');
  return { filters, sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as IncidentSort) : '-date' };
}

function writeView(view: View): void {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) if (view.filters[key]) query.set(key, view.filters[key]);
  if (view.sort !== '-date') query.set('sort', view.sort);
  const search = query.size > 0 ? `?${query.toString()}` : '';
  window.history.replaceState(null, '', `${window.location.pathname}${search}`);
}

function Filters({ view, districts, onApply }: { view: View; districts: District[] | undefined; onApply: (filters: IncidentFilters) => void }) {
  const id = useId();
  const provinces = useApi('provinces', (signal) => listProvinces(signal));
  const [draft, setDraft] = useState<IncidentFilters>(view.filters);
  // Filters applied from elsewhere (a district chosen on the map) show in the form too.
  const [applied, setApplied] = useState(view.filters);
  if (applied !== view.filters) {
    setApplied(view.filters);
    setDraft(view.filters);
  }
  const set = (key: keyof IncidentFilters, value: string) =>
    setDraft((d) => {
      const next = { ...d, [key]: value || undefined };
      // A district outside the chosen province would match nothing.
      if (key === 'province' && next.district && value && districts?.find((x) => x.pcode === next.district)?.province_pcode !== value) next.district = undefined;
      return next;
    });
  const districtOptions = useMemo(
    () => (districts ?? []).filter((d) => !draft.province || d.province_pcode === draft.province).sort((a, b) => a.name.localeCompare(b.name)),
    [districts, draft.province],
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  const field = (key: keyof IncidentFilters) => `${id}-${key}`;
  return (
    <form className="incident-filters" onSubmit={submit} aria-label={t('incidents.filters')}>
      <div className="field">
        <label htmlFor={field('from')}>{t('incidents.from')}</label>
        <input id={field('from')} type="date" value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={field('to')}>{t('incidents.to')}</label>
        <input id={field('to')} type="date" value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={field('province')}>{t('incidents.province')}</label>
        <select id={field('province')} value={draft.province ?? ''} onChange={(e) => set('province', e.target.value)}>
          <option value="">{t('incidents.any')}</option>
          {provinces.result.state === 'ready' &&
            provinces.result.data.map((p) => (
              <option key={p.pcode} value={p.pcode}>
                {p.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('district')}>{t('incidents.district')}</label>
        <select id={field('district')} value={draft.district ?? ''} onChange={(e) => set('district', e.target.value)}>
          <option value="">{t('incidents.any')}</option>
          {districtOptions.map((d) => (
            <option key={d.pcode} value={d.pcode}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('front')}>{t('incidents.front')}</label>
        <select id={field('front')} value={draft.front ?? ''} onChange={(e) => set('front', e.target.value)}>
          <option value="">{t('incidents.any')}</option>
          {FRONTS.map((f) => (
            <option key={f} value={f}>
              {frontLabel(f)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('category')}>{t('incidents.category')}</label>
        <select id={field('category')} value={draft.category ?? ''} onChange={(e) => set('category', e.target.value)}>
          <option value="">{t('incidents.any')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={field('dataset')}>{t('incidents.dataset')}</label>
        <input id={field('dataset')} type="text" value={draft.dataset ?? ''} onChange={(e) => set('dataset', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={field('q')}>{t('incidents.q')}</label>
        <input id={field('q')} type="search" minLength={2} value={draft.q ?? ''} onChange={(e) => set('q', e.target.value)} />
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

function SortHeader({ label, column, view, onSort }: { label: string; column: 'date' | 'killed'; view: View; onSort: (sort: IncidentSort) => void }) {
  const active = column === 'date' ? (view.sort === '-date' ? 'descending' : view.sort === 'date' ? 'ascending' : undefined) : view.sort === '-killed' ? 'descending' : undefined;
  const next: IncidentSort = column === 'date' ? (view.sort === '-date' ? 'date' : '-date') : '-killed';
  return (
    <th scope="col" aria-sort={active ?? 'none'}>
      <button type="button" className="sort-button" onClick={() => onSort(next)} aria-label={t('incidents.sortBy', { column: label })}>
        {label}
        <span className="sort-indicator" aria-hidden="true">
          {active === 'descending' ? ' ▼' : active === 'ascending' ? ' ▲' : ''}
        </span>
      </button>
    </th>
  );
}

function IncidentRow({ incident, districtName }: { incident: Incident; districtName: string | undefined }) {
  return (
    <tr data-id={incident.id}>
      <th scope="row" data-label={t('incidents.date')}>
        <Link href={`/incidents/${incident.id}`}>{incident.date_start}</Link>
      </th>
      <td data-label={t('incidents.place')}>{incident.place ?? incident.location ?? '—'}</td>
      <td data-label={t('incidents.district')}>
        {incident.district_pcode ? <Link href={`/districts/${incident.district_pcode}`}>{districtName ?? incident.district_pcode}</Link> : '—'}
      </td>
      <td data-label={t('incidents.category')}>{categoryLabel(incident.category)}</td>
      <td data-label={t('incidents.group')}>{[incident.perpetrator ?? incident.group_code, frontLabel(incident.front)].filter(Boolean).join(' · ') || '—'}</td>
      <td data-label={t('incidents.killed')} className="numeric">
        {formatRange(incident.killed)}
      </td>
      <td data-label={t('incidents.injured')} className="numeric">
        {formatRange(incident.injured)}
      </td>
    </tr>
  );
}

export function IncidentsPage() {
  usePageTitle(t('incidents.title'));
  const [view, setView] = useState<View>(() => readView(window.location.search));
  // Cursors of the pages seen so far: the first page has none.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const key = JSON.stringify([view, cursor ?? null]);
  const { result, retry } = useApi(key, (signal) => listIncidents(view.filters, view.sort, cursor, signal));
  // The district each incident was placed in, by its gazetteer name (not the source's spelling).
  const districts = useApi('districts', (signal) => listDistricts(signal)).latest;
  const districtNames = new Map((districts ?? []).map((d) => [d.pcode, d.name]));

  const change = (next: View) => {
    writeView(next);
    setView(next);
    setCursors([undefined]);
  };

  return (
    <div className="incidents-page">
      <h1>{t('incidents.title')}</h1>
      <p className="intro">{t('incidents.intro')}</p>
      <Filters view={view} districts={districts} onApply={(filters) => change({ ...view, filters })} />
      <div className="incidents-layout">
        <div className="incidents-map-column">
          <Suspense
            fallback={
              <Loading message={t('map.loading')} />
            }
          >
            <IncidentsMap
              filters={view.filters}
              afterMap={RESULTS_ID}
              onDistrict={(district) => {
                // Narrow to the district; a province filter follows it, so the two never contradict.
                const province = view.filters.province ? district.province_pcode : undefined;
                change({ ...view, filters: { ...view.filters, province, district: district.pcode } });
              }}
            />
          </Suspense>
        </div>
        <div className="incidents-results" id={RESULTS_ID} tabIndex={-1}>
          <p className="downloads">
            <a className="button" href={incidentsCsvUrl(view.filters, view.sort)} download>
              {t('incidents.downloadCsv')}
            </a>
          </p>
          {result.state === 'loading' && <Loading message={t('incidents.loading')} />}
          {result.state === 'error' && (
            <LoadError message={t('incidents.error', { message: result.error.message })} onRetry={retry} />
          )}
          {result.state === 'ready' && result.data.data.length === 0 && <p className="table-empty">{t('incidents.empty')}</p>}
          {result.state === 'ready' && result.data.data.length > 0 && (
            <>
              <table className="stack-table incidents-table">
                <caption className="visually-hidden">{t('incidents.caption')}</caption>
                <thead>
                  <tr>
                    <SortHeader label={t('incidents.date')} column="date" view={view} onSort={(sort) => change({ ...view, sort })} />
                    <th scope="col">{t('incidents.place')}</th>
                    <th scope="col">{t('incidents.district')}</th>
                    <th scope="col">{t('incidents.category')}</th>
                    <th scope="col">{t('incidents.group')}</th>
                    <SortHeader label={t('incidents.killed')} column="killed" view={view} onSort={(sort) => change({ ...view, sort })} />
                    <th scope="col">{t('incidents.injured')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.data.map((incident) => (
                    <IncidentRow key={incident.id} incident={incident} districtName={districtNames.get(incident.district_pcode ?? '')} />
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label={t('incidents.page', { page: cursors.length })}>
                <button type="button" className="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
                  {t('incidents.previous')}
                </button>
                <span>{t('incidents.page', { page: cursors.length })}</span>
                <button
                  type="button"
                  className="button"
                  disabled={!result.data.next_cursor}
                  onClick={() => {
                    const next = result.data.next_cursor ?? undefined;
                    setCursors((c) => [...c, next]);
                  }}
                >
                  {t('incidents.next')}
                </button>
              </nav>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
