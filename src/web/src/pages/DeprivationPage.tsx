import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { analysisIfOffered, type AnalysisResponse } from '../api/analytics';
import { listProvinces } from '../api/geo';
import { listIndicators } from '../api/indicators';
import type { Indicator, Province } from '../api/types';
import { useApi } from '../api/useApi';
import { Downloads } from '../components/charts/Downloads';
import { ScatterChart } from '../components/charts/ScatterChart';
import { SERIES_COLOURS } from '../components/charts/TimeChart';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { formatInteger, formatNumber } from '../format';
import { t, type MessageKey } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

// Deprivation and violence across districts: the scatter, the Spearman rank correlation with its
// bootstrap interval, nationally and per province. The words say "associated with", never "causes".

const Y_MEASURES = ['incidents_per_100k', 'killed_per_100k', 'impact'] as const;
type YMeasure = (typeof Y_MEASURES)[number];
const FIRST_YEAR = 2000;

interface Correlation {
  n: number;
  rho: number | null;
  p_value: number | null;
  ci_low: number | null;
  ci_high: number | null;
  note: string | null;
}

interface CorrelationAnswer {
  x: { code: string; name: string; unit: string | null; year: number | null };
  y: { measure: string; label: string; period: { from: string | null; to: string | null } };
  minimum: number;
  overall: Correlation;
  provinces: (Correlation & { province: string })[];
  scatter: { district: string; name: string; province: string; x: number; y: number }[];
}

interface Query {
  x: string;
  y: YMeasure;
  from: string;
  to: string;
}

function readQuery(): Query {
  const p = new URLSearchParams(window.location.search);
  const y = p.get('y');
  return {
    x: p.get('x') || 'deprivation',
    y: (Y_MEASURES as readonly string[]).includes(y ?? '') ? (y as YMeasure) : 'incidents_per_100k',
    from: /^\d{4}$/.test(p.get('from') ?? '') ? p.get('from')! : '',
    to: /^\d{4}$/.test(p.get('to') ?? '') ? p.get('to')! : '',
  };
}

const rho = (c: Correlation) => (c.rho === null ? '—' : formatNumber(Math.round(c.rho * 1000) / 1000));
const interval = (c: Correlation) =>
  c.ci_low === null || c.ci_high === null ? '—' : t('deprivation.intervalValue', { low: formatNumber(Math.round(c.ci_low * 100) / 100), high: formatNumber(Math.round(c.ci_high * 100) / 100) });
const pValue = (c: Correlation) => (c.p_value === null ? '—' : c.p_value < 0.001 ? '< 0.001' : formatNumber(Math.round(c.p_value * 1000) / 1000));

/** Strength and direction in words, for readers who do not read ρ. */
function strength(c: Correlation): string {
  if (c.rho === null) return t('deprivation.noCorrelation');
  const a = Math.abs(c.rho);
  const size = a < 0.1 ? 'none' : a < 0.3 ? 'weak' : a < 0.5 ? 'moderate' : 'strong';
  const sure = c.ci_low !== null && c.ci_high !== null && (c.ci_low > 0 || c.ci_high < 0);
  if (size === 'none') return t('deprivation.strength.none');
  return t(`deprivation.strength.${size}` as MessageKey, {
    direction: t(c.rho > 0 ? 'deprivation.higher' : 'deprivation.lower'),
  }) + (sure ? '' : ` ${t('deprivation.intervalSpansZero')}`);
}

export function DeprivationPage() {
  usePageTitle(t('deprivation.title'));
  const [query, setQuery] = useState(readQuery);
  const xId = useId();
  const yId = useId();
  const fromId = useId();
  const toId = useId();
  const svg = useRef<SVGSVGElement>(null);
  const base = useApi('deprivation-base', async (signal): Promise<{ indicators: Indicator[]; provinces: Province[] }> => {
    const [indicators, provinces] = await Promise.all([listIndicators(signal), listProvinces(signal)]);
    return { indicators, provinces };
  });
  const key = `${query.x}|${query.y}|${query.from}|${query.to}`;
  const result = useApi<AnalysisResponse<CorrelationAnswer> | null>(key, (signal) =>
    analysisIfOffered<CorrelationAnswer>('correlation', { x: query.x, y: query.y, from: query.from || undefined, to: query.to || undefined }, signal),
  );

  useEffect(() => {
    const p = new URLSearchParams();
    p.set('x', query.x);
    p.set('y', query.y);
    if (query.from) p.set('from', query.from);
    if (query.to) p.set('to', query.to);
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${p.toString()}`);
  }, [query]);

  const provinces = useMemo(() => base.result.state === 'ready' ? base.result.data.provinces : [], [base.result]);
  const colourOf = useMemo(() => new Map(provinces.map((p, i) => [p.pcode, SERIES_COLOURS[i % SERIES_COLOURS.length]!])), [provinces]);
  const nameOf = (pcode: string) => provinces.find((p) => p.pcode === pcode)?.name ?? pcode;
  const indicators = base.result.state === 'ready' ? [...base.result.data.indicators].sort((a, b) => a.name.localeCompare(b.name)) : [];
  const years: string[] = [];
  for (let y = new Date().getFullYear(); y >= FIRST_YEAR; y--) years.push(String(y));

  const answer = result.result.state === 'ready' ? result.result.data : undefined;
  const data = answer?.data;
  const xLabel = data ? `${data.x.name}${data.x.year ? ` (${data.x.year})` : ''}` : '';
  const yLabel = t(`deprivation.y.${query.y}` as MessageKey);
  const title = data ? t('deprivation.chartTitle', { x: xLabel, y: yLabel }) : '';

  return (
    <div className="deprivation-page">
      <h1>{t('deprivation.title')}</h1>
      <p className="intro">{t('deprivation.intro')}</p>
      <p className="caveat">{t('deprivation.caveat')}</p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <div className="field field-indicator">
          <label htmlFor={xId}>{t('deprivation.x')}</label>
          <select id={xId} value={query.x} onChange={(e) => setQuery({ ...query, x: e.target.value })}>
            <option value="deprivation">{t('mapMetric.deprivation')}</option>
            {indicators.map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-indicator">
          <label htmlFor={yId}>{t('deprivation.yLabel')}</label>
          <select id={yId} value={query.y} onChange={(e) => setQuery({ ...query, y: e.target.value as YMeasure })}>
            {Y_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`deprivation.y.${m}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-year">
          <label htmlFor={fromId}>{t('incidents.from')}</label>
          <select id={fromId} value={query.from} onChange={(e) => setQuery({ ...query, from: e.target.value })}>
            <option value="">{t('deprivation.allYears')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-year">
          <label htmlFor={toId}>{t('incidents.to')}</label>
          <select id={toId} value={query.to} onChange={(e) => setQuery({ ...query, to: e.target.value })}>
            <option value="">{t('deprivation.allYears')}</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </form>

      <div className="status-line">
        {result.result.state === 'loading' && <Loading message={t('deprivation.loading')} />}
        {result.result.state === 'error' && (
          <LoadError message={t('deprivation.error', { message: result.result.error.message })} onRetry={result.retry} />
        )}
        {answer === null && <p className="notice">{t('overview.notOffered')}</p>}
      </div>

      {data && (
        <>
          <section className="province-section" aria-labelledby="overall-heading">
            <h2 id="overall-heading">{t('deprivation.overallTitle')}</h2>
            <div className="statistic" data-rho={data.overall.rho ?? ''}>
              <p>
                <strong>
                  {t('deprivation.summary', { rho: rho(data.overall), interval: interval(data.overall), n: formatInteger(data.overall.n), p: pValue(data.overall) })}
                </strong>
              </p>
              <p>{strength(data.overall)}</p>
              {data.overall.note && <p className="cell-note">{data.overall.note}</p>}
            </div>
          </section>

          <section className="province-section" aria-labelledby="scatter-heading">
            <div className="section-head">
              <h2 id="scatter-heading">{t('deprivation.scatterTitle')}</h2>
              {data.scatter.length > 0 && (
                <Downloads
                  name={`correlation_${data.x.code}_${query.y}`}
                  label={t('deprivation.scatterTitle')}
                  csv={() => ({
                    header: ['district_pcode', 'district', 'province_pcode', 'province', `x_${data.x.code}`, `y_${query.y}`],
                    rows: data.scatter.map((s) => [s.district, s.name, s.province, nameOf(s.province), s.x, s.y]),
                  })}
                  image={{
                    svg,
                    title,
                    legend: provinces.filter((p) => data.scatter.some((s) => s.province === p.pcode)).map((p) => ({ fill: colourOf.get(p.pcode)!, label: p.name })),
                    notes: [t('deprivation.summary', { rho: rho(data.overall), interval: interval(data.overall), n: formatInteger(data.overall.n), p: pValue(data.overall) }), t('deprivation.caveat')],
                  }}
                />
              )}
            </div>
            {data.scatter.length === 0 ? (
              <p className="notice">{t('deprivation.empty')}</p>
            ) : (
              <figure className="chart">
                <ScatterChart
                  svgRef={svg}
                  label={title}
                  xLabel={xLabel}
                  yLabel={yLabel}
                  points={data.scatter.map((s) => ({
                    key: s.district,
                    x: s.x,
                    y: s.y,
                    colour: colourOf.get(s.province) ?? '#59636b',
                    title: `${s.name}, ${nameOf(s.province)}: ${formatNumber(s.x)}; ${formatNumber(s.y)}`,
                  }))}
                />
                <figcaption>
                  <ul className="series-key">
                    {provinces
                      .filter((p) => data.scatter.some((s) => s.province === p.pcode))
                      .map((p) => (
                        <li key={p.pcode}>
                          <svg viewBox="0 0 12 12" width={12} height={12} aria-hidden="true">
                            <circle cx={6} cy={6} r={5} fill={colourOf.get(p.pcode)} />
                          </svg>
                          {p.name}
                        </li>
                      ))}
                  </ul>
                </figcaption>
              </figure>
            )}
          </section>

          <section className="province-section" aria-labelledby="provinces-heading">
            <div className="section-head">
              <h2 id="provinces-heading">{t('deprivation.provincesTitle')}</h2>
              <Downloads
                name={`correlation_${data.x.code}_${query.y}_provinces`}
                label={t('deprivation.provincesTitle')}
                csv={() => ({
                  header: ['scope', 'name', 'n', 'rho', 'ci_low', 'ci_high', 'p_value', 'note'],
                  rows: [
                    ['all', t('deprivation.allDistricts'), data.overall.n, data.overall.rho, data.overall.ci_low, data.overall.ci_high, data.overall.p_value, data.overall.note],
                    ...data.provinces.map((p) => [p.province, nameOf(p.province), p.n, p.rho, p.ci_low, p.ci_high, p.p_value, p.note]),
                  ],
                })}
              />
            </div>
            <div className="table-wrap">
              <table className="data-table correlation-table">
                <caption className="visually-hidden">{t('deprivation.provincesTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('table.province')}</th>
                    <th scope="col" className="numeric">{t('deprivation.n')}</th>
                    <th scope="col" className="numeric">{t('deprivation.rho')}</th>
                    <th scope="col" className="numeric">{t('deprivation.interval')}</th>
                    <th scope="col" className="numeric">{t('deprivation.p')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.provinces.map((p) => (
                    <tr key={p.province} data-province={p.province}>
                      <th scope="row">
                        <Link href={`/provinces/${p.province}`}>{nameOf(p.province)}</Link>
                        {p.note && <span className="cell-note">{p.note}</span>}
                      </th>
                      <td className="numeric" data-label={t('deprivation.n')}>{formatInteger(p.n)}</td>
                      <td className="numeric" data-label={t('deprivation.rho')}>{rho(p)}</td>
                      <td className="numeric" data-label={t('deprivation.interval')}>{interval(p)}</td>
                      <td className="numeric" data-label={t('deprivation.p')}>{pValue(p)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {answer && answer.notes.length > 0 && (
            <section className="province-section" aria-labelledby="notes-heading">
              <h2 id="notes-heading">{t('deprivation.notesTitle')}</h2>
              <ul className="sources-list">
                {answer.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
              <p className="cell-note">
                <Link href="/methodology">{t('nav.methodology')}</Link> · {t('province.generated', { time: answer.meta.generated_at.replace('T', ' ').slice(0, 16) })}
              </p>
            </section>
          )}
        </>
      )}
    </div>
  );
}
