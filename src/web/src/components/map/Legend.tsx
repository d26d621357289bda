import type { Direction } from '../../api/types';
import { formatInteger, formatNumber, unitLabel } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { NO_DATA_FILL } from './Choropleth';
import type { ColourClass } from './classes';
import type { LegendEntry } from './exportMap';

const directionNote: Record<Direction, MessageKey> = {
  higher_is_worse: 'legend.darkerWorseHigh',
  higher_is_better: 'legend.darkerWorseLow',
  neutral: 'legend.darkerHigher',
};

export interface LegendProps {
  title: string;
  unit: string | null;
  direction: Direction;
  classes: ColourClass[];
  noDataCount: number;
}

function rangeLabel(c: ColourClass, unit: string | null): string {
  return c.from === c.to
    ? formatNumber(c.from, unit)
    : t('legend.range', { from: formatNumber(c.from, unit), to: formatNumber(c.to, unit) });
}

/** The legend's items as text, for the downloadable map image. */
export function legendEntries(classes: ColourClass[], unit: string | null, noDataCount: number): LegendEntry[] {
  const entries = classes.map((c) => ({ fill: c.colour, label: `${rangeLabel(c, unit)} (${formatInteger(c.count)})` }));
  if (noDataCount > 0) entries.push({ fill: NO_DATA_FILL, label: `${t('map.noData')} (${formatInteger(noDataCount)})` });
  return entries;
}

/** "Population (persons)"; names such as "Poverty Rate (%)" already carry their unit. */
export function titleWithUnit(title: string, unit: string | null): string {
  const label = unitLabel(unit);
  return label !== '' && !title.includes(`(${label}`) ? `${title} (${label})` : title;
}

export function Legend({ title, unit, direction, classes, noDataCount }: LegendProps) {
  return (
    <figure className="legend" aria-label={t('legend.title')}>
      <figcaption className="legend-title">
        {titleWithUnit(title, unit)}
        <span className="legend-note">{t(directionNote[direction])}</span>
      </figcaption>
      <ul className="legend-items">
        {classes.map((c) => (
          <li key={c.colour}>
            <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
              <rect width="16" height="16" fill={c.colour} />
            </svg>
            {rangeLabel(c, unit)}
            <span className="legend-count">({formatInteger(c.count)})</span>
          </li>
        ))}
        {noDataCount > 0 && (
          <li>
            <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
              <rect width="16" height="16" fill={NO_DATA_FILL} />
            </svg>
            {t('map.noData')}
            <span className="legend-count">({formatInteger(noDataCount)})</span>
          </li>
        )}
      </ul>
    </figure>
  );
}
