import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { getDistrictBoundaries, getProvinceBoundaries } from '../api/geo';
import { getIndicatorValues, listIndicators } from '../api/indicators';
import type { DistrictCollection, Indicator, IndicatorValues, ProvinceCollection } from '../api/types';
import { useApi, type Loadable } from '../api/useApi';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { Choropleth } from '../components/map/Choropleth';
import { classify } from '../components/map/classes';
import { classifyWithZero, isMetric, listMetrics, loadMetricValues, METRIC_PREFIX } from '../components/map/incidentMetrics';
import { mapImageSvg, svgToPng } from '../components/map/exportMap';
import { Legend, legendEntries, titleWithUnit } from '../components/map/Legend';
import { downloadBlob, downloadText, toCsv } from '../components/tables/csv';
import { DistrictTable, type DistrictRow } from '../components/tables/DistrictTable';
import { BOUNDARY_LICENCE, BOUNDARY_SOURCE } from '../datasets';
import { formatInteger, formatValue, formatYear } from '../format';
import { getDirection, t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { navigate } from '../router';

const DEFAULT_INDICATOR = 'population';

interface Boundaries {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
}

interface Base {
  boundaries: Boundaries;
  /** The first indicator's values, asked for with the boundaries rather than after the catalogue. */
  initialValues: IndicatorValues | undefined;
}

async function loadBase(signal: AbortSignal): Promise<Base> {
  const query = readQuery();
  // The values go first: the server answers in turn, and the catalogue (asked for separately)
  // takes longest. The map can be drawn from the values alone, which carry their indicator.
  const [initialValues, districts, provinces] = await Promise.all([
    // A failure here only means the map asks again once it knows the catalogue.
    isMetric(query.indicator ?? '')
      ? undefined
      : getIndicatorValues(query.indicator ?? DEFAULT_INDICATOR, query.year ?? undefined, signal).catch(() => undefined),
    getDistrictBoundaries(signal),
    getProvinceBoundaries(signal),
  ]);
  return { boundaries: { districts, provinces }, initialValues };
}

/** Incident figures and analysis indices first, then the indicator catalogue. */
async function loadCatalogue(signal: AbortSignal): Promise<Indicator[]> {
  const [metrics, indicators] = await Promise.all([listMetrics(signal).catch(() => [] as Indicator[]), listIndicators(signal)]);
  return [...metrics, ...indicators];
}

/** Indicators grouped by domain for the picker: incident metrics first, then domains and names in alphabetical order. */
function groupByDomain(indicators: Indicator[]): [string, Indicator[]][] {
  const groups = new Map<string, Indicator[]>();
  for (const indicator of indicators) {
    const domain = indicator.domain ?? '';
    groups.set(domain, [...(groups.get(domain) ?? []), indicator]);
  }
  const metricDomain = indicators.find((i) => i.code.startsWith(METRIC_PREFIX))?.domain ?? null;
  return [...groups.entries()]
    .sort(([a], [b]) => (a === metricDomain ? -1 : b === metricDomain ? 1 : a.localeCompare(b)))
    .map(([domain, list]) => [domain, domain === metricDomain ? list : list.sort((a, b) => a.name.localeCompare(b.name))]);
}

function readQuery(): { indicator: string | null; year: number | null } {
  const params = new URLSearchParams(window.location.search);
  const year = Number(params.get('year'));
  return { indicator: params.get('indicator'), year: Number.isInteger(year) && year > 0 ? year : null };
}

function Status({
  result,
  retry,
  what,
}: {
  result: Loadable<unknown>;
  retry: () => void;
  what: 'map.error' | 'map.errorValues' | 'map.errorCatalogue';
}) {
  if (result.state === 'loading') return null;
  if (result.state === 'error') {
    return <LoadError message={t(what, { message: result.error.message })} onRetry={retry} />;
  }
  return null;
}

export function MapPage() {
  const base = useApi('base', loadBase);
  const catalogue = useApi('catalogue', loadCatalogue);
  usePageTitle(t('map.title'));

  const initialValues = base.result.state === 'ready' ? base.result.data.initialValues : undefined;
  // The map is drawn as soon as the boundaries and the first values are in; the picker fills
  // in when the catalogue arrives.
  const indicators =
    catalogue.result.state === 'ready' ? catalogue.result.data : initialValues ? [initialValues.indicator] : undefined;

  if (base.result.state !== 'ready' || indicators === undefined) {
    const failed = base.result.state === 'error' ? base : catalogue.result.state === 'error' ? catalogue : null;
    return (
      <>
        <h1>{t('map.title')}</h1>
        {failed ? (
          <Status result={failed.result} retry={failed.retry} what={failed === base ? 'map.error' : 'map.errorCatalogue'} />
        ) : (
          <Loading message={t('map.loading')} />
        )}
      </>
    );
  }
  return (
    <>
      <h1>{t('map.title')}</h1>
      {catalogue.result.state === 'error' && <Status result={catalogue.result} retry={catalogue.retry} what="map.errorCatalogue" />}
      {indicators.length === 0 ? (
        <p className="notice">{t('map.noIndicators')}</p>
      ) : (
        <IndicatorMap
          boundaries={base.result.data.boundaries}
          indicators={indicators}
          catalogueReady={catalogue.result.state === 'ready'}
          initialValues={initialValues}
        />
      )}
    </>
  );
}

function IndicatorMap({
  boundaries,
  indicators,
  catalogueReady,
  initialValues,
}: {
  boundaries: Boundaries;
  indicators: Indicator[];
  /** False while `indicators` is only the first indicator, before the catalogue arrives. */
  catalogueReady: boolean;
  initialValues: IndicatorValues | undefined;
}) {
  const [initial] = useState(readQuery);
  const [chosenCode, setChosenCode] = useState<string | null>(initial.indicator);
  const [chosenYear, setChosenYear] = useState<number | null>(initial.year);
  const [selected, setSelected] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const mapSvg = useRef<SVGSVGElement>(null);
  const afterMap = useRef<HTMLDivElement>(null);
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
    initialValues && initialValues.indicator.code === indicator.code && initialValues.year === (year ?? null)
      ? Promise.resolve(initialValues)
      : isMetric(indicator.code)
        ? loadMetricValues(indicator, year, signal)
        : getIndicatorValues(indicator.code, year, signal),
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
    const classification = isMetric(shownIndicator.code)
      ? classifyWithZero([...valueOf.values()], shownIndicator.direction)
      : classify([...valueOf.values()], shownIndicator.direction);
    const rows: DistrictRow[] = boundaries.districts.features.map((f) => ({
      pcode: f.properties.pcode,
      name: f.properties.name,
      province: f.properties.province_name,
      provincePcode: f.properties.province_pcode,
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

  const mapImage = () => {
    if (!mapSvg.current) throw new Error('the map is not drawn');
    const legend = legendEntries(view.classification.classes, unit, total - withData);
    return mapImageSvg(mapSvg.current, {
      title: `${titleWithUnit(view.indicator.name, unit)}${shown?.year != null ? ` · ${formatYear(shown.year)}` : ''}`,
      legend,
      notes: [
        t('export.source', { source: view.indicator.source, licence: view.indicator.licence }),
        t('export.boundaries', { source: BOUNDARY_SOURCE, licence: BOUNDARY_LICENCE }),
      ],
      direction: getDirection(),
    });
  };
  const imageName = `${view.indicator.code}_${shown?.year ?? 'latest'}`;

  const downloadSvg = () => {
    try {
      setExportError(null);
      downloadText(`${imageName}.svg`, mapImage().text, 'image/svg+xml;charset=utf-8');
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  const downloadPng = async () => {
    try {
      setExportError(null);
      downloadBlob(`${imageName}.png`, await svgToPng(mapImage()));
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
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
            disabled={!catalogueReady}
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
                {formatYear(y)}
              </option>
            ))}
          </select>
        </div>
      </form>

      <div className="status-line">
        {values.result.state === 'loading' && <Loading message={t('map.loadingValues')} />}
        <Status result={values.result} retry={values.retry} what="map.errorValues" />
      </div>

      <div className="map-layout" aria-busy={values.result.state === 'loading'}>
        <section className="map-panel" aria-labelledby={`${indicatorId}-heading`}>
          <h2 id={`${indicatorId}-heading`} className="map-heading">
            {view.indicator.name}
            {shown?.year != null && <span className="map-year"> · {formatYear(shown.year)}</span>}
          </h2>
          <a
            className="skip-map"
            href="#after-map"
            onClick={(event) => {
              event.preventDefault();
              afterMap.current?.focus();
            }}
          >
            {t('map.skip')}
          </a>
          <Choropleth
            svgRef={mapSvg}
            districts={boundaries.districts}
            provinces={boundaries.provinces}
            fillOf={fillOf}
            valueTextOf={valueTextOf}
            selected={selected}
            onOpen={(pcode) => navigate(`/districts/${pcode}`)}
            label={t('map.ariaLabel', { indicator: view.indicator.name, year: shown?.year != null ? formatYear(shown.year) : '' })}
          />
          <div id="after-map" ref={afterMap} tabIndex={-1} className="after-map">
          <Legend
            title={view.indicator.name}
            unit={unit}
            direction={view.indicator.direction}
            classes={view.classification.classes}
            noDataCount={total - withData}
          />
          <div className="map-meta">
            {shown?.year != null && (
              <p>{t('map.districtsWithData', { count: formatInteger(withData), total: formatInteger(total), year: formatYear(shown.year) })}</p>
            )}
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
            <p>
              <span className="meta-label">{t('map.boundaries')}:</span> {BOUNDARY_SOURCE}
              {' · '}
              <span className="meta-label">{t('map.licence')}:</span> {BOUNDARY_LICENCE}
            </p>
            <div className="downloads" role="group" aria-label={t('map.downloads')}>
              <button type="button" className="button" onClick={downloadCsv} disabled={!shown}>
                {t('map.downloadCsv')}
              </button>
              <button type="button" className="button" onClick={downloadSvg} disabled={!shown}>
                {t('map.downloadSvg')}
              </button>
              <button type="button" className="button" onClick={() => void downloadPng()} disabled={!shown}>
                {t('map.downloadPng')}
              </button>
            </div>
            {exportError && (
              <p className="notice notice-error" role="alert">
                {t('map.exportFailed', { message: exportError })}
              </p>
            )}
          </div>
          </div>
        </section>
        <section className="list-panel" aria-label={t('table.caption')}>
          <DistrictTable rows={view.rows} unit={unit} selected={selected} onSelect={setSelected} />
        </section>
      </div>
    </>
  );
}
