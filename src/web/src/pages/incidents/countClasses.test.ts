import { describe, expect, it } from 'vitest';
import { ZERO_FILL } from '../../components/map/incidentMetrics';
import { classifyCounts } from './countClasses';

describe('classifyCounts', () => {
  it('makes whole-number classes with no empty class, whatever the ties', () => {
    const values = [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5, 8, 13, 36];
    const { classes } = classifyCounts(values);
    expect(classes[0]).toMatchObject({ from: 0, to: 0, colour: ZERO_FILL, count: 3 });
    for (const c of classes) {
      expect(Number.isInteger(c.from) && Number.isInteger(c.to)).toBe(true);
      expect(c.count).toBeGreaterThan(0);
    }
    expect(classes.reduce((n, c) => n + c.count, 0)).toBe(values.length);
    // Classes follow one another without overlap: each starts above where the one before ended.
    for (let i = 2; i < classes.length; i++) expect(classes[i]!.from).toBeGreaterThan(classes[i - 1]!.to);
    expect(classes.at(-1)!.to).toBe(36);
  });

  it('colours each value with its class, larger counts never lighter', () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 40];
    const { classes, colourOf } = classifyCounts(values);
    for (const c of classes) {
      expect(colourOf(c.from)).toBe(c.colour);
      expect(colourOf(c.to)).toBe(c.colour);
    }
    const luminance = (rgb: string) => rgb.match(/\d+/g)!.map(Number).reduce((a, b) => a + b, 0);
    const ramp = values.filter((v) => v > 0).map((v) => luminance(colourOf(v)!));
    for (let i = 1; i < ramp.length; i++) expect(ramp[i]).toBeLessThanOrEqual(ramp[i - 1]!);
    expect(colourOf(null)).toBeUndefined();
  });

  it('copes with no districts, only zeros, and a single count', () => {
    expect(classifyCounts([]).classes).toEqual([]);
    expect(classifyCounts([0, 0]).classes).toEqual([{ from: 0, to: 0, colour: ZERO_FILL, count: 2 }]);
    expect(classifyCounts([4, 4]).classes).toHaveLength(1);
    // Quantiles that fall between the counts make no class of their own.
    // (here the quantiles 3.4 and 5 bound a range [4, 5) that no district is in).
    const gappy = classifyCounts([1, 1, 1, 1, 5, 5, 5, 5, 10, 10]);
    expect(gappy.classes.map((c) => [c.from, c.to, c.count])).toEqual([
      [1, 1, 4],
      [5, 5, 4],
      [10, 10, 2],
    ]);
    expect(gappy.colourOf(4)).toBe(gappy.classes[0]!.colour);
  });
});
