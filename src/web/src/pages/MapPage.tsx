import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { getDistrictBoundaries, getProvinceBoundaries } from '../api/geo';
import { getIndicatorValues, listIndicators } from '../api/indicators';
import type { DistrictCollection, Indicator, IndicatorValues, ProvinceCollection } from '../api/types';
import { useApi, type Loadable } from '../api/useApi';
import { Choropleth } from '../components/map/Choropleth';
import { classify } from '../components/map/classes';
import { Legend } from '../components/map/Legend';
import { downloadText, toCsv } from '../components/tables/csv';
import { DistrictTable, type DistrictRow } from '../components/tables/DistrictTable';
import { formatValue } from '../format';
import { t } from '../i18n';

const DEFAULT_INDICATOR = 'population';

interface Boundaries {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
}

async function loadBase(signal: AbortSignal): Promise<{ boundaries: Boundaries; indicators: Indicator[] }> {
  const [districts, provinces, indicators] = await Promise.all([
    getDistrictBoundaries(signal),
    getProvinceBoundaries(signal),
    listIndicators(signal),
  ]);
  return { boundaries: { districts, provinces }, indicators };
}

/** Indicators grouped by domain for the picker, domains and names in alphabetical order. */
function groupByDomain(indicators: Indicator[]): [string, Indicator[]][] {
  const groups = new Map<string, Indicator[]>();
  for (const indicator of indicators) {
    const domain = indicator.domain ?? '';
    groups.set(domain, [...(groups.get(domain) ?? []), indicator]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([domain, list]) => [domain, list.sort((a, b) => a.name.localeCompare(b.name))]);
}

function readQuery(): { indicator: string | null; year: number | null } {
  const params = new URLSearchParams(window.location.search);
  const year = Number(params.get('year'));
  return { indicator: params.get('indicator'), year: Number.isInteger(year) && year > 0 ? year : null };
}

function Status({ result, retry, what }: { result: Loadable<unknown>; retry: () => void; what: 'map.error' | 'map.errorValues' }) {
  if (result.state === 'loading') return null;
  if (result.state === 'error') {
    return (
      <div className="notice notice-error" role="alert">
        <p>{t(what, { message: result.error.message })}</p>
        <button type="button" onClick={retry}>
          {t('map.retry')}
        </button>
      </div>
    );
  }
  return null;
}

export function MapPage() {
  const base = useApi('base', loadBase);

  useEffect(() => {
    document.title = `${t('map.title')} — ${t('app.name')}`;
  }, []);

  if (base.result.state !== 'ready') {
    return (
      <main id="main" className="page">
        <h1>{t('map.title')}</h1>
        {base.result.state === 'loading' ? (
          <p className="notice" role="status">
            {t('map.loading')}
          </p>
        ) : (
          <Status result={base.result} retry={base.retry} what="map.error" />
        )}
      </main>
    );
  }
  const { boundaries, indicators } = base.result.data;
  return (
    <main id="main" className="page">
      <h1>{t('map.title')}</h1>
      {indicators.length === 0 ? (
        <p className="notice">{t('map.noIndicators')}</p>
      ) : (
        <IndicatorMap boundaries={boundaries} indicators={indicators} />
      )}
    </main>
  );
}

function IndicatorMap({ boundaries, indicators }: { boundaries: Boundaries; indicators: Indicator[] }) {
  const [initial] = useState(readQuery);
  const [chosenCode, setChosenCode] = useState<string | null>(initial.indicator);
  const [chosenYear, setChosenYear] = useState<number | null>(initial.year);
  const [selected, setSelected] = useState<string | null>(null);
  const indicatorId = useId();
  const yearId = useId();

  const groups = useMemo(() => groupByDomain(indicators), [indicators]);
  const indicator =
    indicators.find((i) => i.code === chosenCode) ??
    indicators.find((i) => i.code === DEFAULT_INDICATOR) ??
    groups[0]![1][0]!;
  const years = [...indicator.years].sort((a, b) => b - a);
  const year = chosenYear !== null && years.includes(chosenYear) ? chosenYear : years[0];

  // Keep the choice in the address so a map can be shared or bookmarked.
  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    params.set('indicator', indicator.code);
    if (year === undefined) params.delete('year');
    else params.set('year', String(year));
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${params.toString()}`);
  }, [indicator.code, year]);

  const values = useApi<IndicatorValues>(`${indicator.code}:${year ?? 'latest'}`, (signal) =>
    getIndicatorValues(indicator.code, year, signal),
  );
  // While a new indicator loads, keep drawing the previous one (dimmed) rather than an empty map;
  // after a failure draw nothing, so old colours are never read as the chosen indicator's.
  const shown =
    values.result.state === 'ready'
      ? values.result.data
      : values.result.state === 'loading'
        ? values.latest
        : undefined;

  const view = useMemo(() => {
    const valueOf = new Map<string, number>();
    for (const row of shown?.data ?? []) {
      if (row.value !== null && Number.isFinite(row.value)) valueOf.set(row.pcode, row.value);
    }
    const shownIndicator = shown?.indicator ?? indicator;
    const classification = classify([...valueOf.values()], shownIndicator.direction);
    const rows: DistrictRow[] = boundaries.districts.features.map((f) => ({
      pcode: f.properties.pcode,
      name: f.properties.name,
      province: f.properties.province_name,
      value: valueOf.get(f.properties.pcode) ?? null,
    }));
    return { valueOf, classification, rows, indicator: shownIndicator };
  }, [shown, indicator, boundaries]);

  const unit = view.indicator.unit;
  const fillOf = useCallback((pcode: string) => view.classification.colourOf(view.valueOf.get(pcode)), [view]);
  const valueTextOf = useCallback((pcode: string) => formatValue(view.valueOf.get(pcode), unit), [view, unit]);
  const withData = view.valueOf.size;
  const total = boundaries.districts.features.length;

  const downloadCsv = () => {
    if (!shown) return;
    const provinceName = new Map(boundaries.provinces.features.map((f) => [f.properties.pcode, f.properties.name]));
    const csv = toCsv(
      ['pcode', 'district', 'province_pcode', 'province', 'indicator', 'year', 'value', 'unit'],
      shown.data.map((r) => [
        r.pcode,
        r.name,
        r.province_pcode,
        provinceName.get(r.province_pcode) ?? '',
        shown.indicator.code,
        shown.year,
        r.value,
        shown.indicator.unit,
      ]),
    );
    downloadText(`${shown.indicator.code}_${shown.year ?? 'latest'}.csv`, csv);
  };

  return (
    <>
      <p className="intro">{t('map.intro')}</p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <div className="field field-indicator">
          <label htmlFor={indicatorId}>{t('map.indicator')}</label>
          <select
            id={indicatorId}
            value={indicator.code}
            onChange={(event) => {
              setChosenCode(event.target.value);
              setChosenYear(null);
              setSelected(null);
            }}
          >
            {groups.map(([domain, list]) => (
              <optgroup key={domain} label={domain || '—'}>
                {list.map((i) => (
                  <option key={i.code} value={i.code}>
                    {i.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div className="field field-year">
          <label htmlFor={yearId}>{t('map.year')}</label>
          <select
            id={yearId}
            value={year ?? ''}
            disabled={years.length <= 1}
            onChange={(event) => setChosenYear(Number(event.target.value))}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>

      <div className="status-line">
        {values.result.state === 'loading' && (
          <p className="notice" role="status">
            {t('map.loadingValues')}
          </p>
        )}
        <Status result={values.result} retry={values.retry} what="map.errorValues" />
      </div>

      <div className="map-layout" aria-busy={values.result.state === 'loading'}>
        <section className="map-panel" aria-labelledby={`${indicatorId}-heading`}>
          <h2 id={`${indicatorId}-heading`} className="map-heading">
            {view.indicator.name}
            {shown?.year != null && <span className="map-year"> · {shown.year}</span>}
          </h2>
          <Choropleth
            districts={boundaries.districts}
            provinces={boundaries.provinces}
            fillOf={fillOf}
            valueTextOf={valueTextOf}
            selected={selected}
            onSelect={setSelected}
            label={t('map.ariaLabel', { indicator: view.indicator.name, year: shown?.year ?? '' })}
          />
          <Legend
            title={view.indicator.name}
            unit={unit}
            direction={view.indicator.direction}
            classes={view.classification.classes}
            noDataCount={total - withData}
          />
          <div className="map-meta">
            {shown?.year != null && <p>{t('map.districtsWithData', { count: withData, total, year: shown.year })}</p>}
            {view.indicator.definition && (
              <p>
                <span className="meta-label">{t('map.definition')}:</span> {view.indicator.definition}
              </p>
            )}
            <p>
              <span className="meta-label">{t('map.source')}:</span> {view.indicator.source}
              {' · '}
              <span className="meta-label">{t('map.licence')}:</span> {view.indicator.licence}
            </p>
            <button type="button" className="button" onClick={downloadCsv} disabled={!shown}>
              {t('map.downloadCsv')}
            </button>
          </div>
        </section>
        <section className="list-panel" aria-label={t('table.caption')}>
          <DistrictTable rows={view.rows} unit={unit} selected={selected} onSelect={setSelected} />
        </section>
      </div>
    </>
  );
}
