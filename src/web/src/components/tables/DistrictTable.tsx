import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatInteger, formatNumber, unitLabel } from '../../format';
import { getLocale, t } from '../../i18n';
import { Link } from '../../router';

export interface DistrictRow {
  pcode: string;
  name: string;
  province: string;
  /** When given, the province's name links to its scorecard. */
  provincePcode?: string;
  value: number | null;
}

type SortKey = 'name' | 'province' | 'value';
type SortOrder = 'ascending' | 'descending';

export interface DistrictTableProps {
  rows: DistrictRow[];
  unit: string | null;
  selected: string | null;
  onSelect: (pcode: string | null) => void;
}

function compare(a: DistrictRow, b: DistrictRow, key: SortKey, collator: Intl.Collator): number {
  if (key === 'value') {
    // Missing values sort last whatever the order; the caller only flips the present ones.
    if (a.value === null || b.value === null) return 0;
    return a.value - b.value;
  }
  return collator.compare(a[key], b[key]) || collator.compare(a.name, b.name);
}

/** Lower-cased and without diacritics, so "peshawar" finds "Peshāwar". */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

export function DistrictTable({ rows, unit, selected, onSelect }: DistrictTableProps) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; order: SortOrder }>({ key: 'name', order: 'ascending' });
  const searchId = useId();
  const scroller = useRef<HTMLDivElement>(null);

  const locale = getLocale();
  const shown = useMemo(() => {
    const collator = new Intl.Collator(locale, { sensitivity: 'base' });
    const needle = fold(query.trim());
    const matching = needle ? rows.filter((r) => fold(r.name).includes(needle)) : rows;
    const sign = sort.order === 'ascending' ? 1 : -1;
    return [...matching].sort((a, b) => {
      if (sort.key === 'value' && (a.value === null) !== (b.value === null)) return a.value === null ? 1 : -1;
      return sign * compare(a, b, sort.key, collator);
    });
  }, [rows, query, sort, locale]);

  // Bring the selected district into view inside the list (not the page) when the map picks it.
  useEffect(() => {
    const box = scroller.current;
    const row = selected ? box?.querySelector<HTMLElement>(`tr[data-pcode="${selected}"]`) : null;
    if (!box || !row) return;
    const top = row.offsetTop;
    const bottom = top + row.offsetHeight;
    const header = box.querySelector('thead')?.offsetHeight ?? 0;
    if (top - header < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - header - box.clientHeight / 3);
    }
  }, [selected]);

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort.key === key;
    const next: SortOrder = active && sort.order === 'ascending' ? 'descending' : 'ascending';
    return (
      <th scope="col" aria-sort={active ? sort.order : 'none'} className={numeric ? 'numeric' : undefined}>
        <button
          type="button"
          className="sort-button"
          title={t('table.sortBy', { column: label })}
          onClick={() => setSort({ key, order: active ? next : key === 'value' ? 'descending' : 'ascending' })}
        >
          {label}
          <span className="sort-indicator" aria-hidden="true">
            {active ? (sort.order === 'ascending' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <div className="district-table">
      <div className="table-tools">
        <label htmlFor={searchId}>{t('table.search')}</label>
        <input
          id={searchId}
          type="search"
          value={query}
          placeholder={t('table.searchPlaceholder')}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
        />
        <p className="table-count" aria-live="polite">
          {t('table.count', { shown: formatInteger(shown.length), total: formatInteger(rows.length) })}
        </p>
      </div>
      <div className="table-scroll" ref={scroller}>
        <table>
          <caption className="visually-hidden">{t('table.caption')}</caption>
          <thead>
            <tr>
              {header('name', t('table.district'))}
              {header('province', t('table.province'))}
              {header('value', unitLabel(unit) ? `${t('table.value')} (${unitLabel(unit)})` : t('table.value'), true)}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr
                key={row.pcode}
                data-pcode={row.pcode}
                className={row.pcode === selected ? 'selected' : undefined}
                onClick={(event) => {
                  // The name is a link to the profile; a click elsewhere in the row outlines the district on the map.
                  if (event.target instanceof Element && event.target.closest('a')) return;
                  onSelect(row.pcode === selected ? null : row.pcode);
                }}
              >
                <th scope="row">
                  <Link href={`/districts/${row.pcode}`} className="row-link">
                    {row.name}
                  </Link>
                </th>
                <td>{row.provincePcode ? <Link href={`/provinces/${row.provincePcode}`}>{row.province}</Link> : row.province}</td>
                <td className={row.value === null ? 'numeric no-data' : 'numeric'}>{row.value === null ? t('map.noData') : formatNumber(row.value, unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length === 0 && <p className="table-empty">{t('table.empty')}</p>}
      </div>
    </div>
  );
}
