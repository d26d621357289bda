import { analysisIfOffered, offeredAnalyses } from '../../api/analytics';
import { getJson } from '../../api/client';
import type { Direction, Indicator, IndicatorValues } from '../../api/types';
import { classify, type Classification } from './classes';
import { t, type MessageKey } from '../../i18n';

// Incident figures and the analysis indices as map "indicators": the map, its legend, table and
// downloads treat them like any indicator. Their codes start with "@" so they never collide with
// an indicator's code.

export const METRIC_PREFIX = '@';

interface MetricSpec {
  code: string;
  name: MessageKey;
  unit: string | null;
  analysis: 'districts' | 'impact' | 'risk' | 'deprivation';
  /** Whether a year is chosen (incident years); the deprivation index has one reference year. */
  yearly: boolean;
  definition: MessageKey;
}

const METRICS: MetricSpec[] = [
  { code: '@incidents', name: 'mapMetric.incidents', unit: null, analysis: 'districts', yearly: true, definition: 'mapMetric.incidentsDefinition' },
  { code: '@killed', name: 'mapMetric.killed', unit: null, analysis: 'districts', yearly: true, definition: 'mapMetric.killedDefinition' },
  { code: '@incidents_per_100k', name: 'mapMetric.incidentsRate', unit: null, analysis: 'districts', yearly: true, definition: 'mapMetric.rateDefinition' },
  { code: '@killed_per_100k', name: 'mapMetric.killedRate', unit: null, analysis: 'districts', yearly: true, definition: 'mapMetric.rateDefinition' },
  { code: '@impact', name: 'mapMetric.impact', unit: null, analysis: 'impact', yearly: true, definition: 'mapMetric.impactDefinition' },
  { code: '@risk', name: 'mapMetric.risk', unit: null, analysis: 'risk', yearly: true, definition: 'mapMetric.riskDefinition' },
  { code: '@deprivation', name: 'mapMetric.deprivation', unit: null, analysis: 'deprivation', yearly: false, definition: 'mapMetric.deprivationDefinition' },
];

export function isMetric(code: string): boolean {
  return code.startsWith(METRIC_PREFIX);
}

/** The metrics the server can compute, as catalogue entries, with the years that have incidents. */
export async function listMetrics(signal?: AbortSignal): Promise<Indicator[]> {
  const [offered, first, last] = await Promise.all([
    offeredAnalyses(signal).catch(() => new Set<string>()),
    getJson<{ data: { date_start: string }[] }>('/api/v1/incidents', { sort: 'date', limit: 1 }, signal),
    getJson<{ data: { date_start: string }[] }>('/api/v1/incidents', { sort: '-date', limit: 1 }, signal),
  ]);
  const from = Number(first.data[0]?.date_start.slice(0, 4) ?? NaN);
  const to = Number(last.data[0]?.date_start.slice(0, 4) ?? NaN);
  const years: number[] = [];
  if (Number.isFinite(from) && Number.isFinite(to)) for (let y = from; y <= to; y++) years.push(y);
  return METRICS.filter((m) => offered.has(m.analysis)).map((m) => metricIndicator(m, m.yearly ? years : []));
}

function metricIndicator(m: MetricSpec, years: number[]): Indicator {
  return {
    code: m.code,
    name: t(m.name),
    unit: m.unit,
    direction: 'higher_is_worse',
    domain: t('mapMetric.domain'),
    source: t('mapMetric.source', { analysis: m.analysis }),
    licence: t('mapMetric.licence'),
    definition: t(m.definition),
    first_year: years[0] ?? null,
    last_year: years.at(-1) ?? null,
    years,
    districts: 0,
  };
}

interface DistrictRow {
  pcode: string;
  name: string;
  province_pcode: string;
  incidents: number;
  killed: { best: number };
  per_100k: { incidents: number | null; killed: { best: number } | null } | null;
}

/** A metric's value per district for a year, shaped as the indicator values the map reads. */
export async function loadMetricValues(indicator: Indicator, year: number | undefined, signal?: AbortSignal): Promise<IndicatorValues> {
  const spec = METRICS.find((m) => m.code === indicator.code);
  if (!spec) throw new Error(indicator.code);
  const range = year === undefined ? {} : { from: String(year), to: String(year) };
  const rows: { pcode: string; name: string; province_pcode: string; value: number | null }[] = [];
  if (spec.analysis === 'districts') {
    const answer = await analysisIfOffered<{ districts: DistrictRow[] }>('districts', range, signal);
    for (const d of answer?.data.districts ?? []) {
      const value =
        spec.code === '@incidents'
          ? d.incidents
          : spec.code === '@killed'
            ? d.killed.best
            : spec.code === '@incidents_per_100k'
              ? (d.per_100k?.incidents ?? null)
              : (d.per_100k?.killed?.best ?? null);
      rows.push({ pcode: d.pcode, name: d.name, province_pcode: d.province_pcode, value });
    }
  } else {
    const params = spec.analysis === 'impact' ? { year, level: 'district' } : spec.analysis === 'risk' ? { year } : {};
    const answer = await analysisIfOffered<{ rows: Record<string, unknown>[] }>(spec.analysis, params, signal);
    const field = spec.analysis === 'impact' ? 'score' : spec.analysis === 'risk' ? 'risk' : 'index';
    for (const r of answer?.data.rows ?? []) {
      const value = r[field];
      rows.push({ pcode: String(r.pcode), name: String(r.name), province_pcode: String(r.province_pcode), value: typeof value === 'number' ? value : null });
    }
  }
  return { indicator, year: year ?? null, data: rows.filter((r) => r.value !== null) };
}

/** Districts with none: pale, distinct from the hatching of districts without data. */
export const ZERO_FILL = '#eef1ef';

/**
 * Classes for counts and rates where most districts have none: zero is a class of its own (pale)
 * and the colour classes are drawn from the districts with some, so one incident is not coloured
 * like none.
 */
export function classifyWithZero(values: number[], direction: Direction): Classification {
  const zeros = values.filter((v) => v === 0).length;
  const some = classify(
    values.filter((v) => v > 0),
    direction,
  );
  return {
    classes: zeros > 0 ? [{ from: 0, to: 0, colour: ZERO_FILL, count: zeros }, ...some.classes] : some.classes,
    colourOf: (value) => (value === 0 ? ZERO_FILL : some.colourOf(value)),
  };
}
