import { useRef, type ReactNode } from 'react';
import {
  balanceOf,
  COMPLETION_SCORE,
  SCORE_MAX,
  type DimensionRow,
  type IncidentTotals,
  type Milestone,
  type ProvinceFigures,
} from '../../api/analytics';
import { isCompletion, isRating } from '../../api/progress';
import { formatDate, formatInteger, formatNumber, plural } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { Link } from '../../router';
import { Downloads } from '../charts/Downloads';
import { SERIES_COLOURS, SeriesKey, TimeChart, type Series } from '../charts/TimeChart';

// The sections of a province's scorecard, shared by the province page (with downloads) and the
// printable report (without).

const COMPLETION_COLUMNS = ['complete', 'substantial', 'limited', 'not_started', 'no_evidence', 'none'] as const;

export function ratingLabel(rating: string | null | undefined): string {
  return t(`rating.${isRating(rating) ? rating : 'unrated'}` as MessageKey);
}

export function completionLabel(completion: string | null | undefined): string {
  return isCompletion(completion) ? t(`completion.${completion}` as MessageKey) : t('completion.none');
}

export function dimensionLabel(dimension: string): string {
  return t(`dimension.${dimension}` as MessageKey);
}

export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? t('map.noData') : formatNumber(share * 100, '%');
}

/** "+12", "−3" or "no change" against the previous period. */
export function change(now: number, before: number): string {
  const difference = now - before;
  if (difference === 0) return t('overview.noChange');
  const sign = difference > 0 ? '+' : '−';
  return `${sign}${formatInteger(Math.abs(difference))}`;
}

export function periodText(period: { code: string; start: string; end: string }): string {
  return t('province.periodRange', { period: period.code, from: formatDate(period.start), to: formatDate(period.end) });
}

function Section({ id, title, children, tools }: { id: string; title: string; children: ReactNode; tools?: ReactNode }) {
  return (
    <section className="province-section" aria-labelledby={id}>
      <div className="section-head">
        <h2 id={id}>{title}</h2>
        {tools}
      </div>
      {children}
    </section>
  );
}

export function Headline({ figures }: { figures: ProvinceFigures }) {
  const { incidents, previousIncidents, reporting, previousPeriod } = figures;
  const balance = balanceOf(figures.dimensions);
  const item = (label: string, value: string, note?: string, key?: string) => (
    <div data-figure={key}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span className="cell-note">{note}</span>}
      </dd>
    </div>
  );
  const vs = (now: number, before: number) => t('province.againstPrevious', { change: change(now, before), period: previousPeriod.code });
  return (
    <dl className="headline-figures">
      {item(t('province.incidents'), formatInteger(incidents.incidents), vs(incidents.incidents, previousIncidents.incidents), 'incidents')}
      {item(t('province.killed'), formatInteger(incidents.killed), vs(incidents.killed, previousIncidents.killed), 'killed')}
      {item(t('province.injured'), formatInteger(incidents.injured), vs(incidents.injured, previousIncidents.injured), 'injured')}
      {item(
        t('province.reportingRate'),
        reporting ? percent(reporting.reporting_rate) : t('province.notDue'),
        reporting ? t('province.acceptedOfDue', { accepted: formatInteger(reporting.accepted), due: formatInteger(reporting.due) }) : undefined,
        'reporting-rate',
      )}
      {item(t('province.overdue'), reporting ? formatInteger(reporting.overdue) : t('province.notDue'), undefined, 'overdue')}
      {item(
        t('province.balance'),
        balance === null ? t('province.balanceUnknown') : formatSigned(balance),
        t('province.balanceNote', { max: SCORE_MAX }),
        'balance',
      )}
    </dl>
  );
}

function formatSigned(value: number): string {
  if (Math.abs(value) < 0.005) return formatNumber(0);
  return `${value > 0 ? '+' : '−'}${formatNumber(Math.abs(value))}`;
}

export function dimensionCsv(figures: ProvinceFigures) {
  return {
    header: ['province_pcode', 'province', 'plan', 'period', 'dimension', 'points', 'assessed', ...COMPLETION_COLUMNS, 'mean_score_0_100'],
    rows: figures.dimensions.map((d) => [
      figures.province.pcode,
      figures.province.name,
      figures.plan.code,
      figures.period.code,
      d.dimension,
      d.points,
      d.assessed,
      ...COMPLETION_COLUMNS.map((c) => d.completion[c] ?? 0),
      d.score === null ? null : Number(d.score.toFixed(2)),
    ]),
  };
}

export function ImplementationSection({ figures, interactive }: { figures: ProvinceFigures; interactive: boolean }) {
  const rows = figures.dimensions;
  return (
    <Section
      id="implementation-heading"
      title={t('province.implementationTitle')}
      tools={
        interactive && rows.length > 0 ? (
          <Downloads name={`${figures.province.pcode}_${figures.plan.code}_${figures.period.code}_dimensions`} csv={() => dimensionCsv(figures)} label={t('province.implementationTitle')} />
        ) : undefined
      }
    >
      <p className="intro">{t('province.implementationIntro', { plan: figures.plan.name, max: SCORE_MAX })}</p>
      {rows.length === 0 ? (
        <p className="notice">{t('province.noPoints')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table dimension-table">
            <caption className="visually-hidden">{t('province.implementationTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('province.dimension')}</th>
                <th scope="col" className="numeric">{t('province.points')}</th>
                <th scope="col" className="numeric">{t('province.assessed')}</th>
                {COMPLETION_COLUMNS.map((c) => (
                  <th scope="col" key={c} className="numeric">
                    {c === 'none' ? t('completion.none') : t(`completion.${c}` as MessageKey)}
                  </th>
                ))}
                <th scope="col" className="numeric">{t('province.meanScore', { max: SCORE_MAX })}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d: DimensionRow) => (
                <tr key={d.dimension} data-dimension={d.dimension}>
                  <th scope="row">{dimensionLabel(d.dimension)}</th>
                  <td className="numeric" data-label={t('province.points')}>{formatInteger(d.points)}</td>
                  <td className="numeric" data-label={t('province.assessed')}>{formatInteger(d.assessed)}</td>
                  {COMPLETION_COLUMNS.map((c) => (
                    <td key={c} className="numeric" data-label={c === 'none' ? t('completion.none') : t(`completion.${c}` as MessageKey)}>
                      {formatInteger(d.completion[c] ?? 0)}
                    </td>
                  ))}
                  <td className="numeric" data-label={t('province.meanScore', { max: SCORE_MAX })}>
                    {d.score === null ? <span className="no-data">{t('province.noScore')}</span> : formatNumber(d.score)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="cell-note">
        {t('province.scoreScale', {
          complete: formatNumber(COMPLETION_SCORE.complete!),
          substantial: formatNumber(COMPLETION_SCORE.substantial!),
          limited: formatNumber(COMPLETION_SCORE.limited!),
          notStarted: formatNumber(COMPLETION_SCORE.not_started!),
        })}
      </p>
    </Section>
  );
}

export function pointsCsv(figures: ProvinceFigures) {
  return {
    header: ['province_pcode', 'plan', 'point', 'text', 'dimension', 'period', 'completion', 'rating', 'trajectory', 'origin', 'evidence'],
    rows: figures.points.map((p) => [
      figures.province.pcode,
      figures.plan.code,
      p.code,
      p.text,
      p.dimension,
      p.period,
      p.completion,
      p.rating,
      p.trajectory,
      p.origin,
      p.evidence.map((e) => `${e.title} <${e.url}>`).join('; '),
    ]),
  };
}

export function PointsSection({ figures, interactive }: { figures: ProvinceFigures; interactive: boolean }) {
  return (
    <Section
      id="points-heading"
      title={t('province.pointsTitle')}
      tools={
        interactive && figures.points.length > 0 ? (
          <Downloads name={`${figures.province.pcode}_${figures.plan.code}_${figures.period.code}_points`} csv={() => pointsCsv(figures)} label={t('province.pointsTitle')} />
        ) : undefined
      }
    >
      {figures.points.length === 0 ? (
        <p className="notice">{t('province.noPoints')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table points-table">
            <caption className="visually-hidden">{t('province.pointsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('tracker.point')}</th>
                <th scope="col">{t('province.dimension')}</th>
                <th scope="col">{t('province.latestPeriod')}</th>
                <th scope="col">{t('province.completion')}</th>
                <th scope="col">{t('tracker.legend')}</th>
                <th scope="col">{t('tracker.evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.points.map((p) => (
                <tr key={p.code} data-point={p.code}>
                  <th scope="row">
                    {/^\d+$/.test(p.code) && <span className="point-number">{p.code}. </span>}
                    {p.text}
                  </th>
                  <td data-label={t('province.dimension')}>{dimensionLabel(p.dimension)}</td>
                  <td data-label={t('province.latestPeriod')}>{p.period ?? <span className="no-data">{t('tracker.noReport')}</span>}</td>
                  <td data-label={t('province.completion')}>{p.period ? completionLabel(p.completion) : '—'}</td>
                  <td data-label={t('tracker.legend')}>
                    {p.period ? (
                      <span className={`rating-chip rating-${isRating(p.rating) ? p.rating : 'unrated'}`}>{ratingLabel(p.rating)}</span>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t('tracker.evidence')}>
                    {p.evidence.length === 0 ? (
                      <span className="no-data">{t('province.noEvidence')}</span>
                    ) : (
                      <ul className="evidence-list">
                        {p.evidence.map((e) => (
                          <li key={e.url}>
                            <a href={e.url} rel="noreferrer noopener">
                              {e.title}
                            </a>
                            {e.date && <span className="evidence-date"> ({e.date})</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

export function ReportingSection({ figures }: { figures: ProvinceFigures }) {
  const r = figures.reporting;
  return (
    <Section id="reporting-heading" title={t('province.reportingTitle')}>
      {!r ? (
        <p className="notice">{t('province.reportingNone', { period: figures.period.code })}</p>
      ) : (
        <>
          <p>
            {t('province.reportingSummary', {
              plan: r.plan,
              period: r.period,
              due: formatInteger(r.due),
              reported: formatInteger(r.reported),
              accepted: formatInteger(r.accepted),
              overdue: formatInteger(r.overdue),
              rate: percent(r.reporting_rate),
              date: formatDate(r.due_date),
            })}
          </p>
          {r.overdue_points.length > 0 && (
            <p className="overdue-points">
              <span className="meta-label">{t('province.overduePoints')}:</span> {r.overdue_points.join(', ')}
            </p>
          )}
        </>
      )}
    </Section>
  );
}

export function districtsCsv(figures: ProvinceFigures) {
  return {
    header: ['province_pcode', 'period', 'district_pcode', 'district', 'incidents', 'killed', 'injured'],
    rows: figures.districts.map((d) => [figures.province.pcode, figures.period.code, d.district_pcode, d.name, d.incidents, d.killed, d.injured]),
  };
}

export function IncidentsSection({ figures, interactive }: { figures: ProvinceFigures; interactive: boolean }) {
  const totals: IncidentTotals = figures.incidents;
  return (
    <Section
      id="incidents-heading"
      title={t('province.incidentsTitle')}
      tools={
        interactive && figures.districts.length > 0 ? (
          <Downloads name={`${figures.province.pcode}_${figures.period.code}_incidents_by_district`} csv={() => districtsCsv(figures)} label={t('province.incidentsTitle')} />
        ) : undefined
      }
    >
      {totals.incidents === 0 ? (
        <p className="notice">{t('province.noIncidents', { period: figures.period.code })}</p>
      ) : (
        <>
          <p>
            {t('province.incidentsSummary', {
              incidents: plural(totals.incidents, 'province.incidentOne', 'province.incidentMany'),
              killed: formatInteger(totals.killed),
              injured: formatInteger(totals.injured),
              districts: plural(totals.districts, 'district.districtsCountedOne', 'district.districtsCounted'),
            })}
          </p>
          <div className="table-wrap">
            <table className="data-table district-incidents">
              <caption className="visually-hidden">{t('province.incidentsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('table.district')}</th>
                  <th scope="col" className="numeric">{t('province.incidents')}</th>
                  <th scope="col" className="numeric">{t('province.killed')}</th>
                  <th scope="col" className="numeric">{t('province.injured')}</th>
                </tr>
              </thead>
              <tbody>
                {figures.districts.map((d) => (
                  <tr key={d.district_pcode}>
                    <th scope="row">
                      {interactive ? <Link href={`/districts/${d.district_pcode}`}>{d.name}</Link> : d.name}
                    </th>
                    <td className="numeric" data-label={t('province.incidents')}>{formatInteger(d.incidents)}</td>
                    <td className="numeric" data-label={t('province.killed')}>{formatInteger(d.killed)}</td>
                    <td className="numeric" data-label={t('province.injured')}>{formatInteger(d.injured)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="cell-note">{t('province.clustersOnce')}</p>
    </Section>
  );
}

export function milestoneText(m: Milestone): string {
  return m.kind === 'programme'
    ? t('province.milestoneProgramme', { name: m.label })
    : t('province.milestoneProgress', { point: m.label, completion: completionLabel(m.completion) });
}

export function timelineCsv(figures: ProvinceFigures) {
  const tl = figures.timeline!;
  const byMonth = new Map<string, string[]>();
  for (const m of tl.milestones) byMonth.set(m.month, [...(byMonth.get(m.month) ?? []), milestoneText(m)]);
  return {
    header: ['province_pcode', 'month', 'incidents', 'killed', 'milestones'],
    rows: tl.months.map((m) => [figures.province.pcode, m.month, m.incidents, m.killed, (byMonth.get(m.month) ?? []).join('; ') || null]),
  };
}

export function TimelineSection({ figures, interactive }: { figures: ProvinceFigures; interactive: boolean }) {
  const svg = useRef<SVGSVGElement>(null);
  const tl = figures.timeline;
  if (!tl) {
    return (
      <Section id="timeline-heading" title={t('province.timelineTitle')}>
        <p className="notice">{t('province.timelineUnavailable')}</p>
      </Section>
    );
  }
  const categories = tl.months.map((m) => m.month);
  const series: Series[] = [
    { key: 'incidents', label: t('province.incidents'), values: tl.months.map((m) => m.incidents), colour: SERIES_COLOURS[0]!, kind: 'bar' },
    { key: 'killed', label: t('province.killedRightAxis'), values: tl.months.map((m) => m.killed), colour: SERIES_COLOURS[1]!, kind: 'line', axis: 'right' },
  ];
  const markers = tl.milestones
    .map((m) => ({ index: categories.indexOf(m.month), label: milestoneText(m) }))
    .filter((m) => m.index >= 0);
  const title = t('province.timelineChartTitle', { province: figures.province.name, from: categories[0] ?? '', to: categories.at(-1) ?? '' });
  const empty = tl.months.every((m) => m.incidents === 0) && markers.length === 0;
  return (
    <Section
      id="timeline-heading"
      title={t('province.timelineTitle')}
      tools={
        interactive ? (
          <Downloads
            name={`${figures.province.pcode}_${figures.period.code}_timeline`}
            csv={() => timelineCsv(figures)}
            label={t('province.timelineTitle')}
            image={{
              svg,
              title,
              legend: series.map((s) => ({ fill: s.colour, label: s.label })),
              notes: [t('province.timelineNote')],
            }}
          />
        ) : undefined
      }
    >
      <p className="intro">{t('province.timelineIntro')}</p>
      {empty && <p className="notice">{t('province.timelineEmpty')}</p>}
      <figure className="chart">
        <TimeChart svgRef={svg} categories={categories} series={series} markers={markers} label={title} />
        <figcaption>
          <SeriesKey series={series} markerLabel={t('province.milestone')} />
        </figcaption>
      </figure>
      {markers.length > 0 && (
        <ul className="milestone-list">
          {tl.milestones.map((m, i) => (
            <li key={`${m.month}-${i}`}>
              {m.month}: {milestoneText(m)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function SourcesSection({ figures }: { figures: ProvinceFigures }) {
  return (
    <Section id="sources-heading" title={t('province.sourcesTitle')}>
      <ul className="sources-list">
        <li>{t('province.sourceProgress', { plan: figures.plan.name })}</li>
        <li>{t('province.sourceIncidents')}</li>
        {figures.analyses.length > 0 && <li>{t('province.sourceAnalyses', { names: figures.analyses.join(', ') })}</li>}
      </ul>
      <p className="cell-note" data-generated={figures.generatedAt}>
        {t('province.generated', { time: new Date(figures.generatedAt).toISOString().replace('T', ' ').slice(0, 16) })}
      </p>
    </Section>
  );
}
