import { scaleQuantile } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import type { Classification, ColourClass } from '../../components/map/classes';
import { ZERO_FILL } from '../../components/map/incidentMetrics';

/**
 * Classes for whole counts per district: none is a class of its own (pale), and the districts with
 * some fall in up to `count` quantile classes whose bounds are whole numbers ("1", "2 – 4",
 * "5 – 36"), so a legend never offers "1.6 – 2" or a class no district is in.
 */
export function classifyCounts(values: number[], count = 5): Classification {
  const zeros = values.filter((v) => v === 0).length;
  const some = values.filter((v) => Number.isFinite(v) && v > 0).sort((a, b) => a - b);
  // Lower bounds of the classes after the first: quantiles rounded up to a whole count.
  const starts =
    some.length === 0
      ? []
      : [...new Set(scaleQuantile<number>().domain(some).range(Array.from({ length: count }, (_, i) => i)).quantiles().map((q) => Math.ceil(q)))].filter(
          (b) => b > some[0]! && b <= some[some.length - 1]!,
        );
  const indexOf = (value: number) => {
    let i = 0;
    while (i < starts.length && value >= starts[i]!) i++;
    return i;
  };
  const groups = Array.from({ length: starts.length + 1 }, () => [] as number[]);
  for (const v of some) groups[indexOf(v)]!.push(v);
  // A quantile range can hold no count at all (1, 1, 1, 10); such ranges are dropped.
  const members = groups.filter((g) => g.length > 0);
  const n = members.length;
  const classes: ColourClass[] = members.map((m, i) => ({
    from: m[0]!,
    to: m[m.length - 1]!,
    colour: interpolateYlOrRd(n === 1 ? 0.6 : 0.12 + (0.83 * i) / (n - 1)),
    count: m.length,
  }));
  /** The class a count falls in: the last one starting at or below it. */
  const classOf = (value: number) => classes.findLast((c) => c.from <= value) ?? classes[0];
  return {
    classes: zeros > 0 ? [{ from: 0, to: 0, colour: ZERO_FILL, count: zeros }, ...classes] : classes,
    colourOf: (value) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return undefined;
      return value === 0 ? ZERO_FILL : classOf(value)?.colour;
    },
  };
}
