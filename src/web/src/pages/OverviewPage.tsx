import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  analysisIfOffered,
  DEFAULT_PLAN,
  incidentsByDistrict,
  latestIncidentDate,
  periodFrom,
  periodMonths,
  previousPeriod,
  totalsOf,
  type IncidentTotals,
  type TrendAnswer,
} from '../api/analytics';
import { getDistrictBoundaries, getProvinceBoundaries } from '../api/geo';
import { FRONTS } from '../api/incidents';
import type { DistrictCollection, ProvinceCollection } from '../api/types';
import { useApi, type Loadable } from '../api/useApi';
import { Downloads } from '../components/charts/Downloads';
import { SERIES_COLOURS, SeriesKey, TimeChart, type Series } from '../components/charts/TimeChart';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { Choropleth } from '../components/map/Choropleth';
import { classifyWithZero } from '../components/map/incidentMetrics';
import { Legend } from '../components/map/Legend';
import { PeriodSelect } from '../components/province/PeriodSelect';
import { change, percent } from '../components/province/ProvinceSections';
import { BOUNDARY_LICENCE, BOUNDARY_SOURCE } from '../datasets';
import { formatInteger, formatNumber } from '../format';
import { t, type MessageKey } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link, navigate } from '../router';

// The home page: the national picture for a period in a minute. Headline figures against the
// period before, the trend by front, the district map, the surge list and the kinetic –
// non-kinetic balance per province. Each part loads and fails on its own.

const period0 = (): string | null => new URLSearchParams(window.location.search).get('period')?.trim().toUpperCase() || null;

/** Links to the map written before it moved from / to /map (`/?indicator=…&year=…`) still open it. */
function legacyMapQuery(): string | null {
  const params = new URLSearchParams(window.location.search);
  return params.has('indicator') || params.has('year') ? `/map?${params.toString()}` : null;
}

interface DistrictFigure {
  pcode: string;
  name: string;
  province_pcode: string;
  incidents: number;
  killed: { best: number };
  injured: { best: number };
  per_100k: { incidents: number | null; killed: { best: number } | null } | null;
}

interface DistrictsAnswer {
  districts: DistrictFigure[];
  total: { incidents: number; killed: { best: number }; injured: { best: number } };
}

interface Figures {
  now: IncidentTotals;
  before: IncidentTotals;
  /** Per district, for the map; rates only when the districts analysis is offered. */
  districts: Map<string, { incidents: number; killed: number; incidentsPer100k: number | null; killedPer100k: number | null }>;
  rates: boolean;
}

async function loadFigures(code: string, signal: AbortSignal): Promise<Figures> {
  const period = periodFrom(code)!;
  const before = previousPeriod(period);
  const [now, then] = await Promise.all(
    [period, before].map(async (p) => {
      const answer = await analysisIfOffered<DistrictsAnswer>('districts', periodMonths(p), signal).catch(() => null);
      return answer?.data.districts ? { analysis: answer.data } : { counts: await incidentsByDistrict({ from: p.start, to: p.end }, undefined, signal) };
    }),
  );
  const totalsFrom = (x: typeof now): IncidentTotals =>
    x!.analysis
      ? {
          incidents: x!.analysis.total.incidents,
          killed: x!.analysis.total.killed.best,
          injured: x!.analysis.total.injured.best,
          districts: x!.analysis.districts.filter((d) => d.incidents > 0).length,
        }
      : totalsOf(x!.counts!);
  const districts: Figures['districts'] = new Map();
  if (now!.analysis) {
    for (const d of now!.analysis.districts) {
      districts.set(d.pcode, {
        incidents: d.incidents,
        killed: d.killed.best,
        incidentsPer100k: d.per_100k?.incidents ?? null,
        killedPer100k: d.per_100k?.killed?.best ?? null,
      });
    }
  } else {
    for (const d of now!.counts!) districts.set(d.district_pcode, { incidents: d.incidents, killed: d.killed, incidentsPer100k: null, killedPer100k: null });
  }
  return { now: totalsFrom(now), before: totalsFrom(then), districts, rates: Boolean(now!.analysis) };
}

function Failure({ result, retry, what }: { result: Loadable<unknown>; retry: () => void; what: string }) {
  if (result.state !== 'error') return null;
  return <LoadError message={t('overview.failed', { what, message: result.error.message })} onRetry={retry} />;
}

function LoadingPart({ result, what }: { result: Loadable<unknown>; what: string }) {
  return result.state === 'loading' ? <Loading message={t('overview.loadingPart', { what })} /> : null;
}

export function OverviewPage() {
  usePageTitle(t('overview.title'));
  const legacy = legacyMapQuery();
  useEffect(() => {
    if (!legacy) return;
    window.history.replaceState(null, '', legacy);
    // After this commit: the shell starts listening for address changes only once its own effects run.
    const timer = setTimeout(() => window.dispatchEvent(new PopStateEvent('popstate')), 0);
    return () => clearTimeout(timer);
  }, [legacy]);
  const [chosen, setChosen] = useState<string | null>(period0);
  const latest = useApi(chosen ? null : 'latest-incident', latestIncidentDate);
  const fallback = latest.result.state === 'ready' ? (latest.result.data?.slice(0, 4) ?? String(new Date().getFullYear())) : null;
  const period = chosen && periodFrom(chosen) ? periodFrom(chosen)!.code : latest.result.state === 'error' ? String(new Date().getFullYear()) : fallback;

  useEffect(() => {
    if (period && !legacy) window.history.replaceState(window.history.state, '', `/?period=${period}`);
  }, [period, legacy]);

  if (legacy) return null;
  return (
    <div className="overview-page">
      <h1>{t('overview.title')}</h1>
      <p className="intro">
        {t('overview.intro')} <Link href="/analysis/deprivation-violence">{t('overview.deprivationLink')}</Link>
      </p>
      {chosen && !periodFrom(chosen) && (
        <p className="notice notice-error" role="alert">
          {t('province.badPeriod', { period: chosen })}
        </p>
      )}
      {period === null ? (
        <Loading message={t('overview.loading')} />
      ) : (
        <>
          <form className="controls" onSubmit={(event) => event.preventDefault()}>
            <PeriodSelect value={period} onChange={setChosen} />
          </form>
          <OverviewBody period={period} />
        </>
      )}
    </div>
  );
}

function OverviewBody({ period }: { period: string }) {
  const figures = useApi(`overview:${period}`, (signal) => loadFigures(period, signal));
  const shown = figures.result.state === 'ready' ? figures.result.data : undefined;
  const previous = previousPeriod(periodFrom(period)!);
  return (
    <>
      <section aria-labelledby="headline-heading">
        <h2 id="headline-heading" className="visually-hidden">
          {t('overview.headline')}
        </h2>
        <LoadingPart result={figures.result} what={t('overview.headline')} />
        <Failure result={figures.result} retry={figures.retry} what={t('overview.headline')} />
        {shown && <Headline figures={shown} period={period} previous={previous.code} />}
      </section>
      <div className="overview-grid">
        <div>
          <TrendSection period={period} />
          <MapSection period={period} figures={figures.result} />
        </div>
        <div>
          <SurgeSection />
          <BalanceSection period={period} />
        </div>
      </div>
    </>
  );
}

function Headline({ figures, period, previous }: { figures: Figures; period: string; previous: string }) {
  const reporting = useApi(`overview-reporting:${period}`, (signal) =>
    analysisIfOffered<{ reporting: { rows: { due: number; accepted: number; previous: { due: number; accepted: number } }[] } }>(
      'scorecards',
      { period, plan: DEFAULT_PLAN },
      signal,
    ),
  );
  const rate = (() => {
    if (reporting.result.state !== 'ready' || !reporting.result.data) return null;
    const rows = reporting.result.data.data.reporting.rows;
    const due = rows.reduce((s, r) => s + r.due, 0);
    const dueBefore = rows.reduce((s, r) => s + r.previous.due, 0);
    return {
      now: due > 0 ? rows.reduce((s, r) => s + r.accepted, 0) / due : null,
      before: dueBefore > 0 ? rows.reduce((s, r) => s + r.previous.accepted, 0) / dueBefore : null,
    };
  })();
  const item = (key: string, label: string, now: number, before: number) => (
    <div data-figure={key}>
      <dt>{label}</dt>
      <dd>
        {formatInteger(now)}
        <span className={`cell-note ${now > before ? 'change-up' : now < before ? 'change-down' : ''}`}>
          {t('province.againstPrevious', { change: change(now, before), period: previous })}
        </span>
      </dd>
    </div>
  );
  return (
    <dl className="headline-figures">
      {item('incidents', t('province.incidents'), figures.now.incidents, figures.before.incidents)}
      {item('killed', t('province.killed'), figures.now.killed, figures.before.killed)}
      {item('injured', t('province.injured'), figures.now.injured, figures.before.injured)}
      <div data-figure="reporting-rate">
        <dt>{t('province.reportingRate')}</dt>
        <dd>
          {reporting.result.state === 'loading' ? (
            <span className="pending">{t('district.pending')}</span>
          ) : rate ? (
            <>
              {percent(rate.now)}
              <span className="cell-note">
                {t('overview.rateBefore', { plan: DEFAULT_PLAN, rate: percent(rate.before), period: previous })}
              </span>
            </>
          ) : (
            <span className="no-data">{t('map.noData')}</span>
          )}
        </dd>
      </div>
    </dl>
  );
}

type TrendMetric = 'incidents' | 'killed';

function TrendSection({ period }: { period: string }) {
  const end = periodFrom(period)!.end.slice(0, 7);
  const from = `${Number(end.slice(0, 4)) - 4}-01`;
  const [metric, setMetric] = useState<TrendMetric>('incidents');
  const svg = useRef<SVGSVGElement>(null);
  const name = useId();
  const trend = useApi(`trend:${from}:${end}`, (signal) =>
    analysisIfOffered<TrendAnswer>('trends', { from, to: end, interval: 'quarter', split: 'front' }, signal),
  );
  const data = trend.result.state === 'ready' ? trend.result.data?.data : undefined;
  const series: Series[] = useMemo(() => {
    if (!data) return [];
    const order = (key: string) => (FRONTS as readonly string[]).indexOf(key);
    return [...data.series]
      .sort((a, b) => order(a.key) - order(b.key))
      .map((s, i) => ({
        key: s.key,
        label: (FRONTS as readonly string[]).includes(s.key) ? t(`front.${s.key}` as MessageKey) : s.label,
        values: s.points.map((p) => (metric === 'incidents' ? p.incidents : p.killed.best)),
        colour: SERIES_COLOURS[i % SERIES_COLOURS.length]!,
        kind: 'line' as const,
        dashed: i % 2 === 1,
      }));
  }, [data, metric]);
  const title = t(metric === 'incidents' ? 'overview.trendIncidents' : 'overview.trendKilled', { from, to: end });
  return (
    <section className="province-section" aria-labelledby="trend-heading">
      <div className="section-head">
        <h2 id="trend-heading">{t('overview.trendTitle')}</h2>
        {data && data.series.length > 0 && (
          <Downloads
            name={`trend_${metric}_${from}_${end}`}
            label={t('overview.trendTitle')}
            csv={() => ({
              header: ['quarter', 'front', 'incidents', 'killed_low', 'killed_best', 'killed_high'],
              rows: data.series.flatMap((s) => s.points.map((p) => [p.period, s.key, p.incidents, p.killed.low, p.killed.best, p.killed.high])),
            })}
            image={{ svg, title, legend: series.map((s) => ({ fill: s.colour, label: s.label })), notes: [t('overview.trendNote')] }}
          />
        )}
      </div>
      <fieldset className="metric-choice">
        <legend>{t('overview.show')}</legend>
        {(['incidents', 'killed'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name={name} value={m} checked={metric === m} onChange={() => setMetric(m)} /> {t(m === 'incidents' ? 'province.incidents' : 'province.killed')}
          </label>
        ))}
      </fieldset>
      <LoadingPart result={trend.result} what={t('overview.trendTitle')} />
      <Failure result={trend.result} retry={trend.retry} what={t('overview.trendTitle')} />
      {trend.result.state === 'ready' && !data && <p className="notice">{t('overview.notOffered')}</p>}
      {data && data.series.length === 0 && <p className="notice">{t('overview.trendEmpty')}</p>}
      {data && data.series.length > 0 && (
        <figure className="chart">
          <TimeChart svgRef={svg} categories={data.periods} series={series} label={title} />
          <figcaption>
            <SeriesKey series={series} />
          </figcaption>
        </figure>
      )}
    </section>
  );
}

type MapMetric = 'incidents' | 'killed' | 'killedPer100k' | 'incidentsPer100k';
const MAP_METRICS: { key: MapMetric; label: MessageKey; rate: boolean }[] = [
  { key: 'incidents', label: 'overview.metricIncidents', rate: false },
  { key: 'killed', label: 'overview.metricKilled', rate: false },
  { key: 'incidentsPer100k', label: 'overview.metricIncidentsRate', rate: true },
  { key: 'killedPer100k', label: 'overview.metricKilledRate', rate: true },
];

function MapSection({ period, figures }: { period: string; figures: Loadable<Figures> }) {
  const boundaries = useApi('overview-boundaries', async (signal): Promise<{ districts: DistrictCollection; provinces: ProvinceCollection }> => {
    const [districts, provinces] = await Promise.all([getDistrictBoundaries(signal), getProvinceBoundaries(signal)]);
    return { districts, provinces };
  });
  const [metric, setMetric] = useState<MapMetric>('incidents');
  const metricId = useId();
  const data = figures.state === 'ready' ? figures.data : undefined;
  const metrics = MAP_METRICS.filter((m) => !m.rate || data?.rates);
  const label = t(MAP_METRICS.find((m) => m.key === metric)!.label);
  const valueOf = useCallback((pcode: string) => data?.districts.get(pcode)?.[metric] ?? null, [data, metric]);
  const classification = useMemo(() => {
    const values = [...(data?.districts.keys() ?? [])].map((p) => valueOf(p)).filter((v): v is number => v !== null);
    return classifyWithZero(values, 'higher_is_worse');
  }, [data, valueOf]);
  const fill = useCallback(
    (pcode: string) => {
      return classification.colourOf(valueOf(pcode));
    },
    [valueOf, classification],
  );
  const text = useCallback(
    (pcode: string) => {
      const v = valueOf(pcode);
      return v === null ? t('map.noData') : metric.endsWith('100k') ? formatNumber(v) : formatInteger(v);
    },
    [valueOf, metric],
  );
  const ready = boundaries.result.state === 'ready' ? boundaries.result.data : null;
  const total = ready?.districts.features.length ?? 0;
  const withValue = ready ? ready.districts.features.filter((f) => valueOf(f.properties.pcode) !== null).length : 0;
  return (
    <section className="province-section" aria-labelledby="map-heading">
      <div className="section-head">
        <h2 id="map-heading">{t('overview.mapTitle', { period })}</h2>
        <Link href="/map">{t('overview.fullMap')}</Link>
      </div>
      <div className="controls">
        <div className="field field-indicator">
          <label htmlFor={metricId}>{t('overview.metric')}</label>
          <select id={metricId} value={metric} onChange={(event) => setMetric(event.target.value as MapMetric)}>
            {metrics.map((m) => (
              <option key={m.key} value={m.key}>
                {t(m.label)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LoadingPart result={boundaries.result} what={t('overview.mapTitle', { period })} />
      <Failure result={boundaries.result} retry={boundaries.retry} what={t('overview.mapTitle', { period })} />
      {ready && data && (
        <>
          <Choropleth
            districts={ready.districts}
            provinces={ready.provinces}
            fillOf={fill}
            valueTextOf={text}
            selected={null}
            onOpen={(pcode) => navigate(`/districts/${pcode}`)}
            label={t('overview.mapLabel', { metric: label, period })}
          />
          <Legend
            title={label}
            unit={null}
            direction="higher_is_worse"
            classes={classification.classes}
            noDataCount={total - withValue}
          />
          <p className="cell-note">
            {t('overview.mapNote')} {t('map.boundaries')}: {BOUNDARY_SOURCE}, {BOUNDARY_LICENCE}.
          </p>
        </>
      )}
    </section>
  );
}

interface SurgeTest {
  level: string;
  key: string;
  label: string;
  window: string;
  period: string;
  observed: number;
  expected: number;
  ratio: number | null;
  p_adjusted: number;
  significant: boolean;
}

const SURGES_SHOWN = 5;

function SurgeSection() {
  const surges = useApi('overview-surges', (signal) =>
    analysisIfOffered<{ tests: SurgeTest[]; significant: number; latest_complete_month: string | null }>('surges', {}, signal),
  );
  const [all, setAll] = useState(false);
  const answer = surges.result.state === 'ready' ? surges.result.data : undefined;
  const tests = answer?.data.tests ?? [];
  const shown = all ? tests : tests.slice(0, SURGES_SHOWN);
  const href = (s: SurgeTest) => (s.level === 'district' ? `/districts/${s.key}` : s.level === 'province' ? `/provinces/${s.key}` : null);
  const levelLabel = (level: string) => t(`overview.level.${level}` as MessageKey);
  return (
    <section className="province-section" aria-labelledby="surges-heading">
      <div className="section-head">
        <h2 id="surges-heading">{t('overview.surgesTitle')}</h2>
        {tests.length > 0 && (
          <Downloads
            name="surges"
            label={t('overview.surgesTitle')}
            csv={() => ({
              header: ['level', 'key', 'label', 'window', 'period', 'observed', 'expected', 'ratio', 'p_adjusted', 'significant'],
              rows: tests.map((s) => [s.level, s.key, s.label, s.window, s.period, s.observed, s.expected, s.ratio, s.p_adjusted, String(s.significant)]),
            })}
          />
        )}
      </div>
      <LoadingPart result={surges.result} what={t('overview.surgesTitle')} />
      <Failure result={surges.result} retry={surges.retry} what={t('overview.surgesTitle')} />
      {answer === null && <p className="notice">{t('overview.notOffered')}</p>}
      {answer && (
        <>
          <p className="intro">{t('overview.surgesIntro', { month: answer.data.latest_complete_month ?? '—', count: formatInteger(answer.data.significant) })}</p>
          {tests.length === 0 ? (
            <p className="notice">{t('overview.surgesEmpty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table surge-table">
                <caption className="visually-hidden">{t('overview.surgesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('overview.surgeWhere')}</th>
                    <th scope="col">{t('overview.surgeWhen')}</th>
                    <th scope="col" className="numeric">{t('overview.surgeObserved')}</th>
                    <th scope="col" className="numeric">{t('overview.surgeExpected')}</th>
                    <th scope="col" className="numeric">{t('overview.surgeP')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => {
                    const link = href(s);
                    const name = s.level === 'front' && (FRONTS as readonly string[]).includes(s.key) ? t(`front.${s.key}` as MessageKey) : s.label;
                    return (
                      <tr key={`${s.level}-${s.key}-${s.window}`} className={s.significant ? 'surge-significant' : undefined}>
                        <th scope="row">
                          {link ? <Link href={link}>{name}</Link> : name}
                          <span className="cell-note">
                            {levelLabel(s.level)}
                            {s.significant ? ` · ${t('overview.significant')}` : ''}
                          </span>
                        </th>
                        <td data-label={t('overview.surgeWhen')}>{s.period}</td>
                        <td className="numeric" data-label={t('overview.surgeObserved')}>{formatInteger(s.observed)}</td>
                        <td className="numeric" data-label={t('overview.surgeExpected')}>{formatNumber(s.expected)}</td>
                        <td className="numeric" data-label={t('overview.surgeP')}>{s.p_adjusted < 0.001 ? '< 0.001' : formatNumber(s.p_adjusted)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          {tests.length > SURGES_SHOWN && (
            <button type="button" className="link-button" aria-expanded={all} onClick={() => setAll(!all)}>
              {all ? t('overview.surgesFewer') : t('overview.surgesAll', { count: formatInteger(tests.length) })}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface BalanceRow {
  jurisdiction: string;
  name: string;
  kinetic: number | null;
  non_kinetic: number | null;
  difference: number | null;
}

function BalanceSection({ period }: { period: string }) {
  const scorecards = useApi(`overview-balance:${period}`, (signal) =>
    analysisIfOffered<{ plan: string; balance: BalanceRow[] }>('scorecards', { period, plan: DEFAULT_PLAN }, signal),
  );
  const answer = scorecards.result.state === 'ready' ? scorecards.result.data : undefined;
  const rows = answer?.data.balance ?? [];
  const score = (v: number | null) => (v === null ? <span className="no-data">{t('province.noScore')}</span> : formatNumber(v));
  return (
    <section className="province-section" aria-labelledby="balance-heading">
      <div className="section-head">
        <h2 id="balance-heading">{t('overview.balanceTitle')}</h2>
        {rows.length > 0 && (
          <Downloads
            name={`balance_${answer!.data.plan}_${period}`}
            label={t('overview.balanceTitle')}
            csv={() => ({
              header: ['jurisdiction', 'name', 'plan', 'period', 'kinetic', 'non_kinetic', 'difference'],
              rows: rows.map((r) => [r.jurisdiction, r.name, answer!.data.plan, period, r.kinetic, r.non_kinetic, r.difference]),
            })}
          />
        )}
      </div>
      <LoadingPart result={scorecards.result} what={t('overview.balanceTitle')} />
      <Failure result={scorecards.result} retry={scorecards.retry} what={t('overview.balanceTitle')} />
      {answer === null && <p className="notice">{t('overview.notOffered')}</p>}
      {answer && (
        <>
          <p className="intro">{t('overview.balanceIntro', { plan: answer.data.plan })}</p>
          <div className="table-wrap">
            <table className="data-table balance-table">
              <caption className="visually-hidden">{t('overview.balanceTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('overview.government')}</th>
                  <th scope="col" className="numeric">{t('dimension.kinetic')}</th>
                  <th scope="col" className="numeric">{t('dimension.non-kinetic')}</th>
                  <th scope="col" className="numeric">{t('overview.difference')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.jurisdiction} data-jurisdiction={r.jurisdiction}>
                    <th scope="row">
                      {r.jurisdiction.startsWith('PK') ? (
                        <Link href={`/provinces/${r.jurisdiction}?period=${period}&plan=${answer.data.plan}`}>{r.name}</Link>
                      ) : (
                        r.name
                      )}
                    </th>
                    <td className="numeric" data-label={t('dimension.kinetic')}>{score(r.kinetic)}</td>
                    <td className="numeric" data-label={t('dimension.non-kinetic')}>{score(r.non_kinetic)}</td>
                    <td className="numeric" data-label={t('overview.difference')}>{score(r.difference)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
