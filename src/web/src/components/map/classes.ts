import { scaleQuantile } from 'd3-scale';
import { interpolateBlues, interpolateYlOrRd } from 'd3-scale-chromatic';
import type { Direction } from '../../api/types';

export interface ColourClass {
  from: number;
  to: number;
  colour: string;
  count: number;
}

export interface Classification {
  classes: ColourClass[];
  /** The fill for a value; undefined for missing values. */
  colourOf(value: number | null | undefined): string | undefined;
}

/**
 * Quantile classes (equal numbers of districts per class, at most `count`), coloured with a
 * colour-blind-safe ColorBrewer ramp. For indicators with a direction, darker always means
 * worse: the ramp is reversed when higher is better.
 */
export function classify(values: number[], direction: Direction, count = 5): Classification {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return { classes: [], colourOf: () => undefined };

  const min = finite[0]!;
  const max = finite[finite.length - 1]!;
  // Ties can make quantiles coincide; keep distinct breaks only, so no class is empty by design.
  const breaks = [...new Set(scaleQuantile<number>().domain(finite).range(range(count)).quantiles())].filter(
    (b) => b > min && b <= max,
  );
  const n = breaks.length + 1;

  const interpolate = direction === 'neutral' ? interpolateBlues : interpolateYlOrRd;
  const colours = range(n).map((i) => interpolate(n === 1 ? 0.6 : 0.12 + (0.83 * i) / (n - 1)));
  if (direction === 'higher_is_better') colours.reverse();

  const indexOf = (value: number): number => {
    let i = 0;
    while (i < breaks.length && value >= breaks[i]!) i++;
    return i;
  };

  const counts = new Array<number>(n).fill(0);
  for (const v of finite) counts[indexOf(v)]! += 1;

  const classes = colours.map((colour, i) => ({
    from: i === 0 ? min : breaks[i - 1]!,
    to: i === n - 1 ? max : breaks[i]!,
    colour,
    count: counts[i]!,
  }));

  return {
    classes,
    colourOf: (value) =>
      value === null || value === undefined || !Number.isFinite(value) ? undefined : colours[indexOf(value)],
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
