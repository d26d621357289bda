import { useId } from 'react';
import { lastCompleteQuarter } from '../../api/analytics';
import { t } from '../../i18n';

const FIRST_YEAR = 2014;

/** Quarters and whole years from 2014 to the last complete quarter, newest first. */
export function periodOptions(today = new Date()): { quarters: string[]; years: string[] } {
  const last = lastCompleteQuarter(today);
  const quarters: string[] = [];
  const years: string[] = [];
  for (let year = last.year; year >= FIRST_YEAR; year--) {
    for (let q = year === last.year ? last.index : 4; q >= 1; q--) quarters.push(`${year}Q${q}`);
    years.push(String(year));
  }
  return { quarters, years };
}

/** A period picker: quarters and whole years, as the reporting periods are written (2025Q1, 2025). */
export function PeriodSelect({
  value,
  onChange,
  years = true,
  label,
}: {
  value: string;
  onChange: (period: string) => void;
  years?: boolean;
  label?: string;
}) {
  const id = useId();
  const options = periodOptions();
  const known = options.quarters.includes(value) || options.years.includes(value);
  return (
    <div className="field field-year">
      <label htmlFor={id}>{label ?? t('province.period')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {!known && <option value={value}>{value}</option>}
        {years && (
          <optgroup label={t('province.years')}>
            {options.years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </optgroup>
        )}
        <optgroup label={t('province.quarters')}>
          {options.quarters.map((q) => (
            <option key={q} value={q}>
              {q}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
