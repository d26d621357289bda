import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../periods';
import {
  completionScore,
  dimensionCards,
  kineticBalance,
  latestAssessments,
  pointUnevenness,
  previousPeriod,
  provinceImplementationScores,
  type PointFact,
  type ReportFact,
} from './scorecards';

let nextId = 1;
function report(point_id: number, jurisdiction: string, period: string, completion: string | null, extra: Partial<ReportFact> = {}): ReportFact {
  const p = parsePeriod(period)!;
  return { id: nextId++, point_id, measure_id: null, jurisdiction, period: p.code, period_start: p.start, period_end: p.end, completion, rating: null, ...extra };
}

const points: PointFact[] = [
  { id: 1, code: '1', dimension: 'kinetic', jurisdictions: [] },
  { id: 2, code: '2', dimension: 'kinetic', jurisdictions: [] },
  { id: 3, code: '3', dimension: 'kinetic', jurisdictions: [] },
  { id: 4, code: '4', dimension: 'non-kinetic', jurisdictions: [] },
  { id: 5, code: '5', dimension: 'non-kinetic', jurisdictions: [] },
  { id: 6, code: '6', dimension: 'enabler', jurisdictions: ['federal'] },
];

describe('completion scores', () => {
  it('puts the OGP levels on 0–100 in equal steps; no evidence has no score', () => {
    expect(completionScore('not_started')).toBe(0);
    expect(completionScore('limited')).toBeCloseTo(33.333, 3);
    expect(completionScore('substantial')).toBeCloseTo(66.667, 3);
    expect(completionScore('complete')).toBe(100);
    expect(completionScore('no_evidence')).toBeNull();
    expect(completionScore(null)).toBeNull();
    expect(completionScore('nonsense')).toBeNull();
  });
});

describe('latestAssessments', () => {
  it('takes the latest report stating a level, passing over figures-only reports and later periods', () => {
    const reports = [
      report(1, 'PK2', '2016Q3', 'limited'),
      report(1, 'PK2', '2016', 'substantial'),
      report(1, 'PK2', '2017', null),
      report(1, 'PK2', '2018Q1', 'complete'),
    ];
    expect(latestAssessments(reports).get('1|PK2')?.completion).toBe('complete');
    expect(latestAssessments(reports, '2017-12-31').get('1|PK2')?.completion).toBe('substantial');
    expect(latestAssessments(reports, '2016-09-30').get('1|PK2')?.completion).toBe('limited');
    expect(latestAssessments(reports, '2016-06-30').has('1|PK2')).toBe(false);
  });

  it('prefers the quarter to the year ending the same day, and the point to a measure', () => {
    const year = report(1, 'PK5', '2016', 'limited');
    const q4 = report(1, 'PK5', '2016Q4', 'substantial');
    expect(latestAssessments([q4, year]).get('1|PK5')?.completion).toBe('substantial');
    const measure = report(2, 'PK5', '2020Q1', 'complete', { measure_id: 9, id: 1000 });
    const own = report(2, 'PK5', '2020Q1', 'limited', { id: 999 });
    expect(latestAssessments([measure, own]).get('2|PK5')?.completion).toBe('limited');
  });
});

describe('scorecards', () => {
  const reports = [
    report(1, 'PK2', '2025Q1', 'complete'),
    report(2, 'PK2', '2025Q1', 'limited'),
    report(4, 'PK2', '2025Q1', 'not_started'),
    report(5, 'PK2', '2025Q1', 'no_evidence'),
    report(1, 'PK5', '2025Q1', 'limited'),
    report(4, 'PK5', '2025Q1', 'substantial'),
    report(6, 'federal', '2025Q1', 'complete'),
  ];
  const latest = latestAssessments(reports);

  it('shares points across levels and averages the scored ones', () => {
    const cards = dimensionCards(points, latest, ['PK2', 'PK3', 'federal']);
    const k = cards.find((c) => c.jurisdiction === 'PK2' && c.dimension === 'kinetic')!;
    expect(k.points).toBe(3);
    expect(k.counts).toMatchObject({ complete: 1, limited: 1, no_report: 1, substantial: 0 });
    expect(k.shares!.complete).toBeCloseTo(1 / 3, 12);
    expect(k.shares!.no_report).toBeCloseTo(1 / 3, 12);
    expect(k.scored).toBe(2);
    expect(k.mean_score).toBeCloseTo((100 + 100 / 3) / 2, 12);
    const nk = cards.find((c) => c.jurisdiction === 'PK2' && c.dimension === 'non-kinetic')!;
    expect(nk.counts).toMatchObject({ not_started: 1, no_evidence: 1 });
    expect(nk.scored).toBe(1);
    expect(nk.mean_score).toBe(0);
    // The enabler point applies to the federal level only.
    expect(cards.find((c) => c.jurisdiction === 'PK2' && c.dimension === 'enabler')!.points).toBe(0);
    expect(cards.find((c) => c.jurisdiction === 'federal' && c.dimension === 'enabler')).toMatchObject({ points: 1, mean_score: 100 });
  });

  it('leaves shares and means empty where nothing is assessed, instead of zeros', () => {
    const cards = dimensionCards(points, latest, ['PK3']);
    for (const c of cards) {
      expect(c.shares).toBeNull();
      expect(c.mean_score).toBeNull();
    }
  });

  it('computes the kinetic – non-kinetic difference and ratio', () => {
    const balance = kineticBalance(dimensionCards(points, latest, ['PK2', 'PK5', 'PK3']));
    const pk2 = balance.find((b) => b.jurisdiction === 'PK2')!;
    expect(pk2.difference).toBeCloseTo((100 + 100 / 3) / 2, 12);
    // Non-kinetic mean 0 ÷ kinetic mean 66.7
    expect(pk2.ratio).toBe(0);
    const pk5 = balance.find((b) => b.jurisdiction === 'PK5')!;
    // kinetic 33.3, non-kinetic 66.7
    expect(pk5.difference).toBeCloseTo(-100 / 3, 12);
    expect(pk5.ratio).toBeCloseTo(2, 12);
    expect(balance.find((b) => b.jurisdiction === 'PK3')).toMatchObject({ kinetic: null, non_kinetic: null, difference: null, ratio: null });
  });

  it('measures unevenness of each point across provinces', () => {
    const spread = pointUnevenness(points, latest, ['PK2', 'PK3', 'PK5']);
    const p1 = spread.find((s) => s.point === '1')!;
    expect(p1.scores).toEqual({ PK2: 100, PK3: null, PK5: 100 / 3 });
    expect(p1.n).toBe(2);
    expect(p1.range).toBeCloseTo(200 / 3, 12);
    // Population SD of two values is half their difference.
    expect(p1.sd).toBeCloseTo(100 / 3, 12);
    expect(p1.mean).toBeCloseTo(200 / 3, 12);
    const p2 = spread.find((s) => s.point === '2')!;
    expect(p2).toMatchObject({ n: 1, range: null, sd: null });
    // The federal-only point has no province to compare.
    expect(spread.find((s) => s.point === '6')).toMatchObject({ n: 0, scores: {}, mean: null });
  });

  it('scores each province per dimension for the risk index', () => {
    const scores = provinceImplementationScores(points, latest, ['PK2', 'PK3']);
    expect(scores).toHaveLength(4);
    expect(scores.find((s) => s.province_pcode === 'PK2' && s.dimension === 'kinetic')).toEqual({
      province_pcode: 'PK2',
      dimension: 'kinetic',
      score: (100 + 100 / 3) / 2,
      points: 2,
    });
    expect(scores.find((s) => s.province_pcode === 'PK2' && s.dimension === 'non-kinetic')).toEqual({ province_pcode: 'PK2', dimension: 'non-kinetic', score: 0, points: 1 });
    expect(scores.find((s) => s.province_pcode === 'PK3' && s.dimension === 'kinetic')).toEqual({ province_pcode: 'PK3', dimension: 'kinetic', score: null, points: 0 });
  });
});

describe('previousPeriod', () => {
  it('steps back a quarter, half-year or year', () => {
    expect(previousPeriod(parsePeriod('2025Q1')!).code).toBe('2024Q4');
    expect(previousPeriod(parsePeriod('2025Q3')!).code).toBe('2025Q2');
    expect(previousPeriod(parsePeriod('2025H1')!).code).toBe('2024H2');
    expect(previousPeriod(parsePeriod('2025H2')!).code).toBe('2025H1');
    expect(previousPeriod(parsePeriod('2025')!).code).toBe('2024');
  });
});
