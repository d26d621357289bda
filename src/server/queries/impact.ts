/**
 * What the terrorism impact score is computed from: every district (or province) and its
 * incidents, deaths, injuries and hostages per year of the window, through `sumIncidentFacts`
 * (duplicate clusters counted once, tombstones left out).
 */
import type { AnalysisFilters } from '../../core/analytics/filters';
import type { ImpactArea, ImpactComponents } from '../../core/analytics/impact';
import type { Db } from '../../db/database';
import { incidentMonthRange, sumIncidentFacts } from './incidentFacts';

export type ImpactLevel = 'district' | 'province';

export interface ImpactInputs {
  areas: ImpactArea[];
  /** Counted incidents in the window with no area at this level (not in any row). */
  unplaced: number;
}

/** Every area of the level with its components per year in `firstYear`–`lastYear`. */
export async function readImpactInputs(
  db: Db,
  filters: AnalysisFilters,
  opts: { level: ImpactLevel; firstYear: number; lastYear: number; estimate: 'low' | 'best' | 'high' },
): Promise<ImpactInputs> {
  const k = db.kysely;
  const places =
    opts.level === 'district'
      ? await k.selectFrom('districts').select(['pcode', 'name', 'province_pcode']).orderBy('pcode').execute()
      : (await k.selectFrom('provinces').select(['pcode', 'name']).orderBy('pcode').execute()).map((p) => ({ ...p, province_pcode: p.pcode }));
  const from = maxMonth(filters.from, `${opts.firstYear}-01`);
  const to = minMonth(filters.to, `${opts.lastYear}-12`);
  const facts =
    from <= to ? await sumIncidentFacts(db, { ...filters, provinces: [], districts: [], from, to }, ['year', opts.level]) : [];
  const byArea = new Map<string, Map<number, ImpactComponents>>();
  let unplaced = 0;
  for (const f of facts) {
    const pcode = f.key[opts.level] ?? '';
    if (!pcode) {
      unplaced += f.incidents;
      continue;
    }
    const years = byArea.get(pcode) ?? new Map<number, ImpactComponents>();
    years.set(Number(f.key.year), { incidents: f.incidents, deaths: f.killed[opts.estimate], injuries: f.injured[opts.estimate], hostages: f.hostages[opts.estimate] });
    byArea.set(pcode, years);
  }
  return {
    areas: places.map((p) => ({ pcode: p.pcode, name: p.name, province_pcode: p.province_pcode, years: byArea.get(p.pcode) ?? new Map() })),
    unplaced,
  };
}

/** The last month with any incident, for the default year. */
export async function lastIncidentMonth(db: Db): Promise<string | null> {
  return (await incidentMonthRange(db))?.last ?? null;
}

function maxMonth(a: string | null, b: string): string {
  return a && a > b ? a : b;
}

function minMonth(a: string | null, b: string): string {
  return a && a < b ? a : b;
}
