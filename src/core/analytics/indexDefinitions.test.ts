import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITIONS, INDEX_NAMES, parseParameters, RELEASE_LABEL } from './indexDefinitions';

describe('index definitions', () => {
  it('accepts version 1 of every index', () => {
    for (const name of INDEX_NAMES) expect(parseParameters(name, DEFAULT_DEFINITIONS[name])).toEqual({ ok: true, parameters: DEFAULT_DEFINITIONS[name] });
  });

  it('names the problems of bad parameters', () => {
    const bad = parseParameters('impact', { ...DEFAULT_DEFINITIONS.impact, weights: { ...DEFAULT_DEFINITIONS.impact.weights, deaths: -1 }, categories: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.split(':')[0])).toEqual(['weights.deaths', 'categories']);
    const goalposts = parseParameters('deprivation', { ...DEFAULT_DEFINITIONS.deprivation, indicators: [{ code: 'x', weight: 1, goalposts: [100, 0] }] });
    expect(goalposts).toMatchObject({ ok: false, problems: ['indicators.0.goalposts: the upper goalpost must be above the lower one'] });
  });

  it('allows plain release labels only', () => {
    expect(RELEASE_LABEL.test('2025-q1')).toBe(true);
    expect(RELEASE_LABEL.test('v1.0_final')).toBe(true);
    expect(RELEASE_LABEL.test('../x')).toBe(false);
    expect(RELEASE_LABEL.test('')).toBe(false);
  });
});
