import { type FormEvent, type ReactNode } from 'react';
import { DATE_PRECISIONS } from '../../../../core/incidents';
import type { District, Province } from '../../api/types';
import { CATEGORIES, FRONTS } from '../../api/incidents';
import type { IncidentGroup } from '../../api/incidentsWrite';
import { t, type MessageKey } from '../../i18n';
import { categoryLabel, frontLabel } from '../IncidentsPage';
import { RANGE_PARTS, RANGES, type IncidentFormState } from './IncidentFormState';

// The fields of the event model, each with its label and, after a refused save, the API's reason
// beside it. The page that holds the form decides what saving means (create or correct).

export type FieldErrors = Map<string, string>;

/** The id of a field's input, for labels and for links from the error summary. */
export function fieldId(base: string, field: string): string {
  return `${base}-${field.replace(/[^a-z0-9]/gi, '-')}`;
}

const GEO_PRECISIONS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A field's label for the error summary. */
export function fieldLabel(field: string): string {
  const range = /^(killed|injured|hostages)\.(low|best|high)$/.exec(field);
  if (range) return `${t(`entry.${range[1]}` as MessageKey)}, ${t(`incident.${range[2]}` as MessageKey)}`;
  return (LABELLED_FIELDS as readonly string[]).includes(field) ? t(`entry.field.${field}` as MessageKey) : field;
}

const LABELLED_FIELDS = [
  'title',
  'category',
  'event_type',
  'attack_type',
  'suicide',
  'group_code',
  'date_start',
  'date_end',
  'date_precision',
  'province_pcode',
  'district_pcode',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'notes',
  'source',
  'source_ids',
] as const;

interface Props {
  /** The id base of the inputs (see fieldId). */
  base: string;
  form: IncidentFormState;
  onChange: (form: IncidentFormState) => void;
  onSubmit: () => void;
  errors: FieldErrors;
  busy: boolean;
  submitLabel: string;
  provinces: Province[];
  districts: District[];
  groups: IncidentGroup[];
  /** Shown above the form: the error summary, a conflict, a saved notice. */
  notices?: ReactNode;
}

export function IncidentForm({ base, form, onChange, onSubmit, errors, busy, submitLabel, provinces, districts, groups, notices }: Props) {
  const set = <K extends keyof IncidentFormState>(key: K, value: IncidentFormState[K]) => onChange({ ...form, [key]: value });
  const id = (field: string) => fieldId(base, field);

  const errorOf = (field: string) => errors.get(field);
  /** Props for an input: id, invalid state and its error message. */
  const describe = (field: string, hint?: boolean) => {
    const error = errorOf(field);
    const ids = [hint ? `${id(field)}-hint` : null, error ? `${id(field)}-error` : null].filter(Boolean).join(' ');
    return { id: id(field), 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
  };
  const errorText = (field: string) => {
    const error = errorOf(field);
    return error ? (
      <p className="field-error" id={`${id(field)}-error`}>
        {error}
      </p>
    ) : null;
  };

  const textField = (field: keyof IncidentFormState & string, label: string, options: { hint?: string; wide?: boolean; inputMode?: 'decimal' } = {}) => (
    <div className={`field${options.wide ? ' field-wide' : ''}`}>
      <label htmlFor={id(field)}>{label}</label>
      {options.hint && (
        <p className="field-hint" id={`${id(field)}-hint`}>
          {options.hint}
        </p>
      )}
      <input
        type="text"
        dir="auto"
        inputMode={options.inputMode}
        value={form[field]}
        onChange={(e) => set(field, e.target.value as never)}
        {...describe(field, Boolean(options.hint))}
      />
      {errorText(field)}
    </div>
  );

  const districtOptions = districts.filter((d) => !form.province_pcode || d.province_pcode === form.province_pcode);
  const groupsByFront = FRONTS.map((front) => ({ front, groups: groups.filter((g) => g.front === front).sort((a, b) => a.name.localeCompare(b.name)) })).filter(
    (f) => f.groups.length > 0,
  );
  const otherGroups = groups.filter((g) => !(FRONTS as readonly string[]).includes(g.front));
  const rangeError = (range: string) => RANGE_PARTS.map((part) => errorOf(`${range}.${part}`) ?? null).find((e) => e !== null) ?? errorOf(range);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <form className="entry-form" onSubmit={submit} noValidate aria-busy={busy}>
      {notices}
      <fieldset className="entry-section">
        <legend>{t('entry.sectionWhat')}</legend>
        {textField('title', t('entry.field.title'), { wide: true })}
        <div className="field">
          <label htmlFor={id('category')}>{t('entry.field.category')}</label>
          <select value={form.category} onChange={(e) => set('category', e.target.value)} {...describe('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {categoryLabel(c)}
              </option>
            ))}
          </select>
          {errorText('category')}
        </div>
        {textField('event_type', t('entry.field.event_type'), { hint: t('entry.hint.eventType') })}
        {textField('attack_type', t('entry.field.attack_type'), { hint: t('entry.hint.attackType') })}
        <div className="field">
          <label htmlFor={id('suicide')}>{t('entry.field.suicide')}</label>
          <select value={form.suicide} onChange={(e) => set('suicide', e.target.value as IncidentFormState['suicide'])} {...describe('suicide')}>
            <option value="">{t('entry.notKnown')}</option>
            <option value="yes">{t('entry.yes')}</option>
            <option value="no">{t('entry.no')}</option>
          </select>
          {errorText('suicide')}
        </div>
        <div className="field field-wide">
          <label htmlFor={id('group_code')}>{t('entry.field.group_code')}</label>
          <select value={form.group_code} onChange={(e) => set('group_code', e.target.value)} {...describe('group_code', true)}>
            <option value="">{t('entry.noGroup')}</option>
            {groupsByFront.map(({ front, groups: list }) => (
              <optgroup key={front} label={frontLabel(front)}>
                {list.map((g) => (
                  <option key={g.code} value={g.code}>
                    {g.name}
                  </option>
                ))}
              </optgroup>
            ))}
            {otherGroups.map((g) => (
              <option key={g.code} value={g.code}>
                {g.name}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${id('group_code')}-hint`}>
            {t('entry.hint.group')}
          </p>
          {errorText('group_code')}
        </div>
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t('entry.sectionWhen')}</legend>
        {textField('date_start', t('entry.field.date_start'), { hint: t('entry.hint.date') })}
        {textField('date_end', t('entry.field.date_end'), { hint: t('entry.hint.dateEnd') })}
        <div className="field">
          <label htmlFor={id('date_precision')}>{t('entry.field.date_precision')}</label>
          <select value={form.date_precision} onChange={(e) => set('date_precision', e.target.value)} {...describe('date_precision')}>
            <option value="">{t('entry.precisionFromDate')}</option>
            {DATE_PRECISIONS.map((p) => (
              <option key={p} value={p}>
                {t(`entry.precision.${p}` as MessageKey)}
              </option>
            ))}
          </select>
          {errorText('date_precision')}
        </div>
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t('entry.sectionWhere')}</legend>
        <p className="field-hint entry-section-hint">{t('entry.hint.place')}</p>
        <div className="field">
          <label htmlFor={id('province_pcode')}>{t('entry.field.province_pcode')}</label>
          <select
            value={form.province_pcode}
            onChange={(e) => {
              const province = e.target.value;
              const keep = districts.find((d) => d.pcode === form.district_pcode)?.province_pcode === province;
              onChange({ ...form, province_pcode: province, district_pcode: keep ? form.district_pcode : '' });
            }}
            {...describe('province_pcode')}
          >
            <option value="">{t('entry.fromPlace')}</option>
            {provinces.map((p) => (
              <option key={p.pcode} value={p.pcode}>
                {p.name}
              </option>
            ))}
          </select>
          {errorText('province_pcode')}
        </div>
        <div className="field">
          <label htmlFor={id('district_pcode')}>{t('entry.field.district_pcode')}</label>
          <select
            value={form.district_pcode}
            onChange={(e) => {
              const district = districts.find((d) => d.pcode === e.target.value);
              onChange({ ...form, district_pcode: e.target.value, province_pcode: district ? district.province_pcode : form.province_pcode });
            }}
            {...describe('district_pcode')}
          >
            <option value="">{t('entry.fromPlace')}</option>
            {districtOptions.map((d) => (
              <option key={d.pcode} value={d.pcode}>
                {form.province_pcode ? d.name : `${d.name} (${d.province_name})`}
              </option>
            ))}
          </select>
          {errorText('district_pcode')}
        </div>
        {textField('location', t('entry.field.location'), { wide: true })}
        {textField('latitude', t('entry.field.latitude'), { inputMode: 'decimal' })}
        {textField('longitude', t('entry.field.longitude'), { inputMode: 'decimal' })}
        <div className="field">
          <label htmlFor={id('geo_precision')}>{t('entry.field.geo_precision')}</label>
          <select value={form.geo_precision} onChange={(e) => set('geo_precision', e.target.value)} {...describe('geo_precision')}>
            <option value="">{t('entry.notKnown')}</option>
            {GEO_PRECISIONS.map((p) => (
              <option key={p} value={String(p)}>
                {t(`entry.geo.${p}` as MessageKey)}
              </option>
            ))}
          </select>
          {errorText('geo_precision')}
        </div>
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t('entry.sectionCasualties')}</legend>
        <p className="field-hint entry-section-hint">{t('entry.hint.ranges')}</p>
        {RANGES.map((range) => (
          <fieldset key={range} className="range-group">
            <legend>{t(`entry.${range}` as MessageKey)}</legend>
            <div className="range-inputs">
              {RANGE_PARTS.map((part) => {
                const field = `${range}.${part}`;
                const key = `${range}_${part}` as const;
                const error = errorOf(field);
                return (
                  <div className="field" key={part}>
                    <label htmlFor={id(field)}>{t(`incident.${part}`)}</label>
                    <input
                      type="text"
                      inputMode="numeric"
                      value={form[key]}
                      onChange={(e) => set(key, e.target.value)}
                      id={id(field)}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={rangeError(range) ? `${id(range)}-error` : undefined}
                    />
                  </div>
                );
              })}
            </div>
            {rangeError(range) && (
              <p className="field-error" id={`${id(range)}-error`}>
                {rangeError(range)}
              </p>
            )}
          </fieldset>
        ))}
      </fieldset>

      <fieldset className="entry-section">
        <legend>{t('entry.sectionSources')}</legend>
        <div className="field field-wide">
          <label htmlFor={id('notes')}>{t('entry.field.notes')}</label>
          <textarea rows={5} dir="auto" value={form.notes} onChange={(e) => set('notes', e.target.value)} {...describe('notes')} />
          {errorText('notes')}
        </div>
        {textField('source', t('entry.field.source'), { wide: true, hint: t('entry.hint.source') })}
        {textField('source_ids', t('entry.field.source_ids'), { hint: t('entry.hint.sourceIds') })}
      </fieldset>

      <div className="entry-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('entry.saving') : submitLabel}
        </button>
      </div>
    </form>
  );
}
