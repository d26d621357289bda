import { describe, expect, it } from 'vitest';
import { clusterIncidents, dateWindow, duplicateMatch, type ClusterItem } from './incidentClusters';
import { dayNumber } from './incidentDates';

let nextId = 1;
function item(over: Partial<ClusterItem>): ClusterItem {
  return {
    id: nextId++,
    dataset: 'acled',
    date_start: '2024-11-09',
    date_end: '2024-11-09',
    date_precision: 'day',
    district_pcode: 'PK226',
    category: 'militant_attack',
    killed_low: null,
    killed_best: 26,
    killed_high: null,
    ...over,
  };
}

describe('the duplicate rule', () => {
  it('links reports from different data sets on the same day and district with compatible tolls', () => {
    const acled = item({});
    const ucdp = item({ dataset: 'ucdp', killed_low: 24, killed_best: 27, killed_high: 32 });
    expect(duplicateMatch(acled, ucdp)).toMatchObject({ dateGap: 0, casualtyGap: 0 });
  });

  it('allows adjacent days but not two days apart', () => {
    const a = item({});
    expect(duplicateMatch(a, item({ dataset: 'gtd', date_start: '2024-11-10', date_end: '2024-11-10' }))).toMatchObject({ dateGap: 1 });
    expect(duplicateMatch(a, item({ dataset: 'gtd', date_start: '2024-11-11', date_end: '2024-11-11' }))).toBeNull();
  });

  it('never links within one data set, across districts or between attacks and arrests', () => {
    const a = item({});
    expect(duplicateMatch(a, item({}))).toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'gtd', district_pcode: 'PK220' }))).toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'gtd', district_pcode: null }))).toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'gtd', category: 'state_arrest' }))).toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'gtd', category: 'armed_clash' }))).not.toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'gtd', category: 'other' }))).not.toBeNull();
  });

  it('tolerates killed figures within max(3, 25%) of each other, and unknown figures', () => {
    const a = item({ killed_best: 21 });
    expect(duplicateMatch(a, item({ dataset: 'curated', killed_low: 25, killed_best: 25, killed_high: 25 }))).toMatchObject({ casualtyGap: 4 });
    expect(duplicateMatch(a, item({ dataset: 'ucdp', killed_low: 58, killed_best: 58, killed_high: 64 }))).toBeNull();
    expect(duplicateMatch(item({ killed_best: 0 }), item({ dataset: 'gtd', killed_best: 3 }))).not.toBeNull();
    expect(duplicateMatch(a, item({ dataset: 'curated', killed_best: null }))).toMatchObject({ reason: expect.stringContaining('unknown') });
  });

  it('widens by precision: a month covers the month, a year is never linked', () => {
    expect(dateWindow({ date_start: '2024-04-01', date_end: '2024-04-30', date_precision: 'month' })).toEqual([dayNumber('2024-04-01'), dayNumber('2024-04-30')]);
    expect(dateWindow({ date_start: '2024-04-10', date_end: '2024-04-10', date_precision: 'week' })).toEqual([dayNumber('2024-04-07'), dayNumber('2024-04-13')]);
    const month = item({ dataset: 'curated', date_start: '2024-11-01', date_end: '2024-11-30', date_precision: 'month' });
    expect(duplicateMatch(item({}), month)).not.toBeNull();
    expect(duplicateMatch(item({ date_start: '2024-12-02', date_end: '2024-12-02' }), month)).toBeNull();
    const year = item({ dataset: 'gtd', date_start: '2024-01-01', date_end: '2024-12-31', date_precision: 'year' });
    expect(duplicateMatch(item({}), year)).toBeNull();
  });
});

describe('clusterIncidents', () => {
  it('joins one report per data set, the closest first, named by the most trusted member', () => {
    const acled = item({ killed_best: 26 });
    const ucdp = item({ dataset: 'ucdp', killed_low: 24, killed_best: 27, killed_high: 32 });
    const curated = item({ dataset: 'curated', killed_low: 24, killed_best: null, killed_high: 32 });
    // A second ACLED report of the next day would also match, but the cluster already has ACLED.
    const acledNextDay = item({ date_start: '2024-11-10', date_end: '2024-11-10', killed_best: 25 });
    const elsewhere = item({ dataset: 'gtd', district_pcode: 'PK220' });
    const { clusterOf, links } = clusterIncidents([acled, ucdp, curated, acledNextDay, elsewhere]);
    expect(clusterOf.get(acled.id)).toBe(curated.id);
    expect(clusterOf.get(ucdp.id)).toBe(curated.id);
    expect(clusterOf.get(curated.id)).toBe(curated.id);
    expect(clusterOf.has(acledNextDay.id)).toBe(false);
    expect(clusterOf.has(elsewhere.id)).toBe(false);
    expect(links).toHaveLength(2);
    expect(links.every((l) => l.by === 'rule')).toBe(true);
  });

  it('keeps apart a pair separated by hand, and joins a pair linked by hand', () => {
    const a = item({});
    const b = item({ dataset: 'gtd' });
    const far = item({ dataset: 'manual', district_pcode: 'PK528', date_start: '2020-01-01', date_end: '2020-01-01' });
    const separated = clusterIncidents([a, b], { links: [], separations: [[a.id, b.id]] });
    expect(separated.clusterOf.size).toBe(0);
    const linked = clusterIncidents([a, b, far], { links: [[a.id, far.id]], separations: [[a.id, b.id]] });
    expect(linked.clusterOf.get(a.id)).toBe(far.id);
    expect(linked.clusterOf.has(b.id)).toBe(false);
    expect(linked.links).toEqual([{ a: a.id, b: far.id, by: 'manual', reason: 'linked by hand' }]);
  });

  it('does not chain a separated pair together through a third report', () => {
    const a = item({});
    const b = item({ dataset: 'gtd' });
    const c = item({ dataset: 'ucdp' });
    const { clusterOf } = clusterIncidents([a, b, c], { links: [], separations: [[a.id, b.id]] });
    expect(clusterOf.get(a.id) !== undefined && clusterOf.get(a.id) === clusterOf.get(b.id)).toBe(false);
    expect(clusterOf.get(c.id)).toBeDefined();
  });
});
