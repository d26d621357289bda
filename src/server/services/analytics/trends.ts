/**
 * Trends: incidents, killed, injured and hostages (low, best, high) per month, quarter or year,
 * optionally one series per province, district, front, group, category or attack type.
 * Formulas: src/core/analytics/trends.ts.
 */
import { z } from 'zod';
import type { AnalysisFilters } from '../../../core/analytics/filters';
import { buildTrends, emptyRuns, GAP_MONTHS, TREND_INTERVALS, TREND_SPLITS, trendTable, type TrendResult } from '../../../core/analytics/trends';
import type { Db } from '../../../db/database';
import { sumIncidentFacts, type FactDimension } from '../../queries/incidentFacts';
import { dimensionLabels } from '../../queries/trends';
import { defineAnalysis, type AnalysisOutput } from './analysis';

export const TRENDS_VERSION = 1;

export interface TrendsOptions {
  interval: (typeof TREND_INTERVALS)[number];
  split?: (typeof TREND_SPLITS)[number];
}

export async function computeTrends(db: Db, filters: AnalysisFilters, options: TrendsOptions): Promise<AnalysisOutput<TrendResult>> {
  const split = options.split ?? null;
  const by: FactDimension[] = split ? [options.interval, split] : [options.interval];
  const facts = await sumIncidentFacts(db, filters, by);
  const rows = facts.map((f) => ({ ...f, period: f.key[options.interval] ?? '', split: split ? (f.key[split] ?? '') : '' }));
  const labels = split ? await dimensionLabels(db, split, rows.map((r) => r.split)) : {};
  const result = buildTrends({ rows, interval: options.interval, split, from: filters.from, to: filters.to, labels });

  const notes: string[] = [];
  if (result.periods.length === 0) {
    notes.push('No incidents match these filters in this period: the series are empty (no data, not zeros).');
  } else {
    notes.push(
      `The time axis runs from ${result.periods[0]} to ${result.periods.at(-1)}, the first and last ${options.interval} with a matching incident; ${options.interval}s in between without one are zeros. Nothing is shown before or after, where the data sets may not cover the period.`,
    );
    notes.push('Each duplicate cluster (the same incident in several data sets) is counted once. Killed, injured and hostages give the best estimate with the low–high band.');
    const gaps = emptyRuns(result);
    if (gaps.length > 0) {
      const spans = gaps.map((g) => (g.first === g.last ? g.first : `${g.first} to ${g.last}`)).join(', ');
      notes.push(
        `No matching incident in ${spans} (${GAP_MONTHS / 12} years or more without one): shown as zeros, but such a gap may be a gap in the data sets' coverage rather than a time without violence.`,
      );
    }
    if (result.partial.length > 0) {
      notes.push(`The period cuts ${result.partial.join(' and ')}: ${result.partial.length === 1 ? 'it holds' : 'they hold'} only the months inside the period.`);
    }
    const unlabelled = result.series.filter((s) => s.key === '');
    if (split && unlabelled.length > 0) {
      notes.push(`${unlabelled[0]!.total.incidents} incident(s) have no ${split.replace('_', ' ')} and form the series "${unlabelled[0]!.label}".`);
    }
  }
  return {
    data: result,
    table: trendTable(result),
    notes,
    inputs: { filters, interval: options.interval, split, facts: rows.map(({ key: _key, ...r }) => r).sort((a, b) => (a.period + a.split).localeCompare(b.period + b.split)) },
    definition: {
      version: TRENDS_VERSION,
      interval: options.interval,
      split,
      counting: 'duplicate clusters once; tombstoned incidents excluded',
      casualties: 'best = best estimate, else low, else high; low and high fall back to best',
      axis: 'from the first to the last interval with a matching incident; gaps between are zeros',
    },
  };
}

export const trendsAnalysis = defineAnalysis({
  name: 'trends',
  title: 'Incident trends',
  description:
    'Incidents, killed, injured and hostages (best estimate with the low–high band) per month, quarter or year, optionally one series per province, district, front, group, category or attack type.',
  methodology: 'trends',
  sources: [{ title: 'Incidents in NAP Monitor (bundled and imported data sets)', url: '/api/v1/incidents' }],
  options: {
    interval: z.enum(TREND_INTERVALS).default('month').describe(`Interval: ${TREND_INTERVALS.join(', ')} (default month)`),
    split: z
      .enum(TREND_SPLITS)
      .optional()
      .describe(`One series per value of: ${TREND_SPLITS.join(', ')} (default: one series of all incidents)`),
  },
  run: (db, filters, options) => computeTrends(db, filters, options),
});
