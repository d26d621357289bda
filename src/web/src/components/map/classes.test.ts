import { describe, expect, it } from 'vitest';
import { classify } from './classes';

const values = Array.from({ length: 100 }, (_, i) => i + 1);

describe('classify', () => {
  it('makes five quantile classes covering the range, with their counts', () => {
    const { classes } = classify(values, 'neutral');
    expect(classes).toHaveLength(5);
    expect(classes[0]!.from).toBe(1);
    expect(classes[4]!.to).toBe(100);
    expect(classes.map((c) => c.count)).toEqual([20, 20, 20, 20, 20]);
    for (let i = 1; i < classes.length; i++) expect(classes[i]!.from).toBe(classes[i - 1]!.to);
  });

  it('colours higher values darker unless higher is better', () => {
    const luminance = (rgb: string) => rgb.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
    const worse = classify(values, 'higher_is_worse');
    expect(luminance(worse.colourOf(100)!)).toBeLessThan(luminance(worse.colourOf(1)!));
    const better = classify(values, 'higher_is_better');
    expect(luminance(better.colourOf(1)!)).toBeLessThan(luminance(better.colourOf(100)!));
  });

  it('gives missing values no colour', () => {
    const { colourOf } = classify(values, 'neutral');
    expect(colourOf(null)).toBeUndefined();
    expect(colourOf(undefined)).toBeUndefined();
    expect(colourOf(Number.NaN)).toBeUndefined();
  });

  it('never makes empty classes from ties, and copes with no values', () => {
    const tied = classify([5, 5, 5, 5, 5, 5, 9], 'neutral');
    expect(tied.classes.every((c) => c.count > 0)).toBe(true);
    expect(tied.classes.reduce((n, c) => n + c.count, 0)).toBe(7);
    expect(classify([], 'neutral').classes).toEqual([]);
  });
});
