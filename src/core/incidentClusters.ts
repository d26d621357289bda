/**
 * Linking the same incident reported by several data sets (an attack in ACLED, GTD and the curated
 * list), so that counts take it once.
 *
 * The rule, for two incidents from different data sets:
 *   1. both are placed in the same district;
 *   2. their dates are the same or adjacent days, as far as precision allows: each incident covers
 *      its date span, widened to its week (±3 days) or calendar month when only that is known, and
 *      the two spans overlap or are at most one day apart; an incident known only to the year is
 *      never linked automatically;
 *   3. their killed figures are compatible: the ranges [low, high] (a single figure is its own
 *      range) overlap or are apart by no more than max(3, 25% of the larger figure); an incident
 *      without any killed figure is compatible with any;
 *   4. their categories are compatible: attacks and clashes go together, state actions go
 *      together, protests go together; `other` goes with any.
 * Pairs meeting the rule are joined greedily, closest first (date gap, then casualty gap, then
 * ids), into clusters that hold at most one incident per data set. A link made by hand joins two
 * incidents whatever the rule says; a separation made by hand keeps two apart, and also keeps
 * apart the clusters that would bring them together. Each cluster is named by its representative:
 * the member from the most trusted data set (manual entry, curated list, UCDP, ACLED, GTD, then
 * others), the lowest id on a tie.
 */
import { dayNumber } from './incidentDates';
import type { DatePrecision, IncidentCategory } from './incidents';

export const DUPLICATE_RULE =
  'Different data sets, same district, dates the same or adjacent as precision allows (week ±3 days, month as a whole, never year-only), ' +
  'killed figures within max(3, 25%) of each other or unknown, compatible categories; closest pairs first, one incident per data set in a cluster.';

export interface ClusterItem {
  id: number;
  dataset: string;
  date_start: string;
  date_end: string;
  date_precision: DatePrecision;
  district_pcode: string | null;
  category: IncidentCategory;
  killed_low: number | null;
  killed_best: number | null;
  killed_high: number | null;
}

export type Pair = readonly [number, number];

export interface ClusterOverrides {
  /** Pairs linked by hand. */
  links: readonly Pair[];
  /** Pairs kept apart by hand. */
  separations: readonly Pair[];
}

export interface ClusterLink {
  a: number;
  b: number;
  by: 'rule' | 'manual';
  reason: string;
}

export interface ClusterResult {
  /** Representative id of each item's cluster; items alone in theirs are absent. */
  clusterOf: Map<number, number>;
  links: ClusterLink[];
}

const DATASET_TRUST = ['manual', 'curated', 'ucdp', 'acled', 'gtd'];

function trust(dataset: string): number {
  const i = DATASET_TRUST.indexOf(dataset);
  return i < 0 ? DATASET_TRUST.length : i;
}

type Family = 'violence' | 'state' | 'protest' | 'any';

function family(category: IncidentCategory): Family {
  switch (category) {
    case 'militant_attack':
    case 'armed_clash':
      return 'violence';
    case 'state_arrest':
    case 'state_operation':
    case 'state_territory_regained':
      return 'state';
    case 'protest_riot':
      return 'protest';
    default:
      return 'any';
  }
}

/** The days an incident may have happened on, as far as its precision says. */
export function dateWindow(item: Pick<ClusterItem, 'date_start' | 'date_end' | 'date_precision'>): [number, number] | null {
  let start = dayNumber(item.date_start);
  let end = dayNumber(item.date_end);
  switch (item.date_precision) {
    case 'year':
      return null;
    case 'week':
      start -= 3;
      end += 3;
      break;
    case 'month': {
      const first = `${item.date_start.slice(0, 8)}01`;
      const y = Number(item.date_end.slice(0, 4));
      const m = Number(item.date_end.slice(5, 7));
      const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
      start = Math.min(start, dayNumber(first));
      end = Math.max(end, dayNumber(last));
      break;
    }
    default:
      break;
  }
  return [start, end];
}

function killedRange(item: ClusterItem): [number, number] | null {
  const values = [item.killed_low, item.killed_best, item.killed_high].filter((v): v is number => v !== null);
  if (values.length === 0) return null;
  return [Math.min(...values), Math.max(...values)];
}

interface Match {
  dateGap: number;
  casualtyGap: number;
  reason: string;
}

/** Whether two incidents meet the duplicate rule, and how closely. */
export function duplicateMatch(a: ClusterItem, b: ClusterItem): Match | null {
  if (a.dataset === b.dataset) return null;
  if (!a.district_pcode || a.district_pcode !== b.district_pcode) return null;
  const fa = family(a.category);
  const fb = family(b.category);
  if (fa !== 'any' && fb !== 'any' && fa !== fb) return null;
  const wa = dateWindow(a);
  const wb = dateWindow(b);
  if (!wa || !wb) return null;
  const dateGap = Math.max(0, wa[0] - wb[1], wb[0] - wa[1]);
  if (dateGap > 1) return null;
  const ka = killedRange(a);
  const kb = killedRange(b);
  let casualtyGap = 0;
  if (ka && kb) {
    casualtyGap = Math.max(0, ka[0] - kb[1], kb[0] - ka[1]);
    const tolerance = Math.max(3, 0.25 * Math.max(ka[1], kb[1]));
    if (casualtyGap > tolerance) return null;
  }
  const when = dateGap === 0 ? 'dates overlap' : 'adjacent days';
  const killed = ka && kb ? (casualtyGap === 0 ? 'killed figures agree' : `killed figures ${casualtyGap} apart`) : 'killed figure unknown on one side';
  return { dateGap, casualtyGap, reason: `same district ${a.district_pcode}, ${when}, ${killed}` };
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

/** Computes clusters over a set of incidents; see the module comment for the rule. */
export function clusterIncidents(items: readonly ClusterItem[], overrides: ClusterOverrides = { links: [], separations: [] }): ClusterResult {
  const byId = new Map(items.map((item) => [item.id, item]));
  const parent = new Map<number, number>();
  const members = new Map<number, Set<number>>();
  for (const item of items) {
    parent.set(item.id, item.id);
    members.set(item.id, new Set([item.id]));
  }
  const find = (id: number): number => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let node = id;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  const separated = new Map<number, Set<number>>();
  for (const [a, b] of overrides.separations) {
    if (!separated.has(a)) separated.set(a, new Set());
    if (!separated.has(b)) separated.set(b, new Set());
    separated.get(a)!.add(b);
    separated.get(b)!.add(a);
  }
  const wouldSeparate = (ra: number, rb: number): boolean => {
    const [small, large] = members.get(ra)!.size <= members.get(rb)!.size ? [ra, rb] : [rb, ra];
    const other = members.get(large)!;
    for (const id of members.get(small)!) {
      const apart = separated.get(id);
      if (apart) for (const s of apart) if (other.has(s)) return true;
    }
    return false;
  };
  const sharesDataset = (ra: number, rb: number): boolean => {
    const datasets = new Set([...members.get(ra)!].map((id) => byId.get(id)!.dataset));
    for (const id of members.get(rb)!) if (datasets.has(byId.get(id)!.dataset)) return true;
    return false;
  };
  const union = (ra: number, rb: number) => {
    const [keep, drop] = members.get(ra)!.size >= members.get(rb)!.size ? [ra, rb] : [rb, ra];
    parent.set(drop, keep);
    for (const id of members.get(drop)!) members.get(keep)!.add(id);
    members.delete(drop);
  };

  const links: ClusterLink[] = [];
  const manual = new Set<string>();
  for (const [a, b] of overrides.links) {
    if (!byId.has(a) || !byId.has(b) || a === b) continue;
    manual.add(pairKey(a, b));
    const ra = find(a);
    const rb = find(b);
    if (ra === rb || wouldSeparate(ra, rb)) continue;
    union(ra, rb);
    links.push({ a: Math.min(a, b), b: Math.max(a, b), by: 'manual', reason: 'linked by hand' });
  }

  // Candidate pairs: within one district, by date order, only incidents whose windows can meet.
  const candidates: { a: ClusterItem; b: ClusterItem; match: Match }[] = [];
  const byDistrict = new Map<string, { item: ClusterItem; window: [number, number] }[]>();
  for (const item of items) {
    if (!item.district_pcode) continue;
    const window = dateWindow(item);
    if (!window) continue;
    const list = byDistrict.get(item.district_pcode);
    if (list) list.push({ item, window });
    else byDistrict.set(item.district_pcode, [{ item, window }]);
  }
  for (const list of byDistrict.values()) {
    list.sort((x, y) => x.window[0] - y.window[0] || x.item.id - y.item.id);
    for (let i = 0; i < list.length; i++) {
      const left = list[i]!;
      for (let j = i + 1; j < list.length; j++) {
        const right = list[j]!;
        // Items are in order of window start: once one starts too late for `left`, all later do.
        if (right.window[0] - left.window[1] > 1) break;
        if (manual.has(pairKey(left.item.id, right.item.id))) continue;
        const match = duplicateMatch(left.item, right.item);
        if (match) candidates.push({ a: left.item, b: right.item, match });
      }
    }
  }
  candidates.sort(
    (x, y) =>
      x.match.dateGap - y.match.dateGap ||
      x.match.casualtyGap - y.match.casualtyGap ||
      Math.min(x.a.id, x.b.id) - Math.min(y.a.id, y.b.id) ||
      Math.max(x.a.id, x.b.id) - Math.max(y.a.id, y.b.id),
  );
  for (const { a, b, match } of candidates) {
    if (separated.get(a.id)?.has(b.id)) continue;
    const ra = find(a.id);
    const rb = find(b.id);
    if (ra === rb || sharesDataset(ra, rb) || wouldSeparate(ra, rb)) continue;
    union(ra, rb);
    links.push({ a: Math.min(a.id, b.id), b: Math.max(a.id, b.id), by: 'rule', reason: match.reason });
  }

  const clusterOf = new Map<number, number>();
  for (const group of members.values()) {
    if (group.size < 2) continue;
    const ids = [...group];
    const representative = ids.reduce((best, id) => {
      const t = trust(byId.get(id)!.dataset);
      const tb = trust(byId.get(best)!.dataset);
      return t < tb || (t === tb && id < best) ? id : best;
    });
    for (const id of ids) clusterOf.set(id, representative);
  }
  return { clusterOf, links };
}
