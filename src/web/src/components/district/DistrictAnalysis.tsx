import { useRef } from 'react';
import { analysisIfOffered, DEFAULT_PLAN, type TrendAnswer } from '../../api/analytics';
import { useApi } from '../../api/useApi';
import { formatInteger, formatNumber } from '../../format';
import { t } from '../../i18n';
import { Link } from '../../router';
import { Downloads } from '../charts/Downloads';
import { SERIES_COLOURS, SeriesKey, TimeChart, type Series } from '../charts/TimeChart';
import { LoadError } from '../LoadError';
import { dimensionLabel } from '../province/ProvinceSections';

// A district's incident trend, its terrorism impact and risk scores with their components, and
// its province's implementation of the plan, from the analytics API.

interface ImpactRow {
  pcode: string;
  rank: number;
  score: number;
  windowed: number;
  by_year: { year: number; weight: number; incidents: number; deaths: number; injuries: number; hostages: number; raw: number }[];
}

interface RiskRow {
  pcode: string;
  rank: number | null;
  risk: number | null;
  hazard: number | null;
  vulnerability: number | null;
  coping: number | null;
  missing: string[];
}

interface Scorecard {
  plan: string;
  period: { code: string };
  cards: { jurisdiction: string; dimension: string; points: number; scored: number; mean_score: number | null }[];
  balance: { jurisdiction: string; difference: number | null }[];
}

interface DistrictAnalyses {
  trend: TrendAnswer | null;
  impact: { year: number; rows: ImpactRow[] } | null;
  risk: { year: number; rows: RiskRow[] } | null;
  scorecard: Scorecard | null;
}

async function loadAnalyses(pcode: string, province: string, signal: AbortSignal): Promise<DistrictAnalyses> {
  // Scores are banded against every district, so the whole list is asked for and this district picked out.
  const [trend, impact, risk, scorecard] = await Promise.all([
    analysisIfOffered<TrendAnswer>('trends', { district: pcode, interval: 'year' }, signal),
    analysisIfOffered<{ year: number; rows: ImpactRow[] }>('impact', { level: 'district' }, signal),
    analysisIfOffered<{ year: number; rows: RiskRow[] }>('risk', {}, signal),
    analysisIfOffered<Scorecard>('scorecards', { plan: DEFAULT_PLAN, province }, signal).catch(() => null),
  ]);
  return { trend: trend?.data ?? null, impact: impact?.data ?? null, risk: risk?.data ?? null, scorecard: scorecard?.data ?? null };
}

const score = (v: number | null | undefined) => (v === null || v === undefined ? t('map.noData') : formatNumber(v));

export function DistrictAnalysis({ pcode, name, province, provinceName }: { pcode: string; name: string; province: string; provinceName: string }) {
  const { result, retry } = useApi(`district-analyses:${pcode}`, (signal) => loadAnalyses(pcode, province, signal));
  const svg = useRef<SVGSVGElement>(null);
  if (result.state === 'loading') {
    // A polite live region rather than a second role="status": the indicator comparisons below announce their own progress.
    return (
      <p className="notice" aria-live="polite">
        {t('districtAnalysis.loading')}
      </p>
    );
  }
  if (result.state === 'error') {
    return <LoadError message={t('districtAnalysis.error', { message: result.error.message })} onRetry={retry} />;
  }
  const { trend, impact, risk, scorecard } = result.data;
  const points = trend?.series[0]?.points ?? [];
  const series: Series[] = [
    { key: 'incidents', label: t('province.incidents'), values: points.map((p) => p.incidents), colour: SERIES_COLOURS[0]!, kind: 'bar' },
    { key: 'killed', label: t('province.killedRightAxis'), values: points.map((p) => p.killed.best), colour: SERIES_COLOURS[1]!, kind: 'line', axis: 'right' },
  ];
  const chartTitle = t('districtAnalysis.trendChart', { district: name });
  const impactRow = impact?.rows.find((r) => r.pcode === pcode);
  const riskRow = risk?.rows.find((r) => r.pcode === pcode);
  const cards = scorecard?.cards.filter((c) => c.jurisdiction === province && c.points > 0) ?? [];
  const balance = scorecard?.balance.find((b) => b.jurisdiction === province);

  return (
    <>
      <section className="province-section" aria-labelledby="trend-heading">
        <div className="section-head">
          <h2 id="trend-heading">{t('districtAnalysis.trendTitle')}</h2>
          {points.length > 0 && (
            <Downloads
              name={`${pcode}_incidents_by_year`}
              label={t('districtAnalysis.trendTitle')}
              csv={() => ({
                header: ['district_pcode', 'year', 'incidents', 'killed_low', 'killed_best', 'killed_high', 'injured_best'],
                rows: points.map((p) => [pcode, p.period, p.incidents, p.killed.low, p.killed.best, p.killed.high, p.injured.best]),
              })}
              image={{ svg, title: chartTitle, legend: series.map((s) => ({ fill: s.colour, label: s.label })), notes: [t('overview.trendNote')] }}
            />
          )}
        </div>
        {!trend ? (
          <p className="notice">{t('overview.notOffered')}</p>
        ) : points.length === 0 ? (
          <p className="notice">{t('districtAnalysis.noIncidents')}</p>
        ) : (
          <figure className="chart">
            <TimeChart svgRef={svg} categories={trend.periods} series={series} label={chartTitle} />
            <figcaption>
              <SeriesKey series={series} />
            </figcaption>
          </figure>
        )}
      </section>

      <section className="province-section" aria-labelledby="scores-heading">
        <h2 id="scores-heading">{t('districtAnalysis.scoresTitle')}</h2>
        <dl className="headline-figures">
          <div data-figure="impact">
            <dt>{t('districtAnalysis.impact', { year: impact?.year ?? '—' })}</dt>
            <dd>
              {score(impactRow?.score)}
              {impactRow && <span className="cell-note">{t('districtAnalysis.rank', { rank: formatInteger(impactRow.rank), total: formatInteger(impact!.rows.length) })}</span>}
            </dd>
          </div>
          <div data-figure="risk">
            <dt>{t('districtAnalysis.risk', { year: risk?.year ?? '—' })}</dt>
            <dd>
              {score(riskRow?.risk)}
              {riskRow?.rank != null && <span className="cell-note">{t('districtAnalysis.rank', { rank: formatInteger(riskRow.rank), total: formatInteger(risk!.rows.length) })}</span>}
            </dd>
          </div>
          <div data-figure="hazard">
            <dt>{t('districtAnalysis.hazard')}</dt>
            <dd>{score(riskRow?.hazard)}</dd>
          </div>
          <div data-figure="vulnerability">
            <dt>{t('districtAnalysis.vulnerability')}</dt>
            <dd>{score(riskRow?.vulnerability)}</dd>
          </div>
          <div data-figure="coping">
            <dt>{t('districtAnalysis.coping')}</dt>
            <dd>{score(riskRow?.coping)}</dd>
          </div>
        </dl>
        {impactRow && (
          <div className="table-wrap">
            <table className="data-table impact-table">
              <caption>{t('districtAnalysis.impactComponents', { windowed: formatNumber(impactRow.windowed) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('map.year')}</th>
                  <th scope="col" className="numeric">{t('districtAnalysis.weight')}</th>
                  <th scope="col" className="numeric">{t('province.incidents')}</th>
                  <th scope="col" className="numeric">{t('districtAnalysis.deaths')}</th>
                  <th scope="col" className="numeric">{t('province.injured')}</th>
                  <th scope="col" className="numeric">{t('incident.hostages')}</th>
                  <th scope="col" className="numeric">{t('districtAnalysis.raw')}</th>
                </tr>
              </thead>
              <tbody>
                {impactRow.by_year.map((y) => (
                  <tr key={y.year}>
                    <th scope="row">{y.year}</th>
                    <td className="numeric" data-label={t('districtAnalysis.weight')}>{formatInteger(y.weight)}</td>
                    <td className="numeric" data-label={t('province.incidents')}>{formatInteger(y.incidents)}</td>
                    <td className="numeric" data-label={t('districtAnalysis.deaths')}>{formatInteger(y.deaths)}</td>
                    <td className="numeric" data-label={t('province.injured')}>{formatInteger(y.injuries)}</td>
                    <td className="numeric" data-label={t('incident.hostages')}>{formatInteger(y.hostages)}</td>
                    <td className="numeric" data-label={t('districtAnalysis.raw')}>{formatNumber(y.raw)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {riskRow && riskRow.missing.length > 0 && <p className="cell-note">{t('districtAnalysis.missing', { parts: riskRow.missing.join(', ') })}</p>}
        <p className="cell-note">
          {t('districtAnalysis.scoresNote')} <Link href="/methodology">{t('nav.methodology')}</Link> ·{' '}
          <Link href="/analysis/deprivation-violence">{t('nav.deprivation')}</Link>
        </p>
      </section>

      <section className="province-section" aria-labelledby="implementation-heading">
        <div className="section-head">
          <h2 id="implementation-heading">{t('districtAnalysis.implementationTitle', { province: provinceName })}</h2>
          <Link href={`/provinces/${province}`}>{t('districtAnalysis.openProvince', { province: provinceName })}</Link>
        </div>
        {cards.length === 0 ? (
          <p className="notice">{t('districtAnalysis.noScorecard', { plan: scorecard?.plan ?? DEFAULT_PLAN })}</p>
        ) : (
          <ul className="sources-list">
            {cards.map((c) => (
              <li key={c.dimension}>
                {t('districtAnalysis.card', {
                  dimension: dimensionLabel(c.dimension),
                  score: score(c.mean_score),
                  scored: formatInteger(c.scored),
                  points: formatInteger(c.points),
                })}
              </li>
            ))}
            {balance?.difference != null && <li>{t('districtAnalysis.balance', { difference: formatNumber(balance.difference) })}</li>}
          </ul>
        )}
      </section>
    </>
  );
}
