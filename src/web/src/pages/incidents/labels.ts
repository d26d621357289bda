import { CATEGORIES, FRONTS, type CountRange } from '../../api/incidents';
import { formatInteger } from '../../format';
import { t, type MessageKey } from '../../i18n';

// How incident fields read in the reader's language, shared by the list, the map and the detail.

export function categoryLabel(category: string): string {
  return (CATEGORIES as readonly string[]).includes(category) ? t(`category.${category}` as MessageKey) : category;
}

export function frontLabel(front: string | null): string {
  if (front === null) return '';
  return (FRONTS as readonly string[]).includes(front) ? t(`front.${front}` as MessageKey) : front;
}

/** "12 (10–15)": the best figure with its range when the sources disagree. */
export function formatRange(range: CountRange): string {
  const best = range.best ?? range.high ?? range.low;
  if (best === null) return '—';
  const low = range.low ?? best;
  const high = range.high ?? best;
  return low === high ? formatInteger(best) : `${formatInteger(best)} (${formatInteger(low)}–${formatInteger(high)})`;
}
