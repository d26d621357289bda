import { useId, useMemo, useState, type ReactNode } from 'react';
import { boundariesUrl, listDistricts, listProvinces } from '../api/geo';
import { getIndicatorValues, listIndicators } from '../api/indicators';
import type { Indicator, Province } from '../api/types';
import { useApi } from '../api/useApi';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { downloadText, toCsv } from '../components/tables/csv';
import { BOUNDARY_LICENCE, BOUNDARY_SOURCE, BOUNDARY_VALID_ON } from '../datasets';
import { formatDate, formatInteger, formatYear } from '../format';
import { getLocale, t } from '../i18n';
import { usePageTitle } from '../pageTitle';

async function loadCatalogue(signal: AbortSignal): Promise<{ indicators: Indicator[]; provinces: Province[] }> {
  const [indicators, provinces] = await Promise.all([listIndicators(signal), listProvinces(signal)]);
  return { indicators, provinces };
}

/** Lower-cased and without diacritics, for filtering. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
}

function catalogueCsv(indicators: Indicator[]): string {
  return toCsv(
    ['code', 'name', 'unit', 'direction', 'domain', 'source', 'licence', 'definition', 'first_year', 'last_year', 'years', 'districts'],
    indicators.map((i) => [
      i.code,
      i.name,
      i.unit,
      i.direction,
      i.domain,
      i.source,
      i.licence,
      i.definition,
      i.first_year,
      i.last_year,
      i.years.join(' '),
      i.districts,
    ]),
  );
}

async function districtListCsv(): Promise<string> {
  const districts = await listDistricts();
  return toCsv(
    ['pcode', 'name', 'province_pcode', 'province', 'centroid_lat', 'centroid_lon', 'area_km2'],
    districts.map((d) => [d.pcode, d.name, d.province_pcode, d.province_name, d.centroid.lat, d.centroid.lon, d.area_km2]),
  );
}

/** Every year of one indicator as one long table, fetched year by year from the API. */
async function valuesCsv(indicator: Indicator, provinces: Province[]): Promise<string> {
  const provinceName = new Map(provinces.map((p) => [p.pcode, p.name]));
  const rows: (string | number | null)[][] = [];
  for (const year of [...indicator.years].sort((a, b) => a - b)) {
    const values = await getIndicatorValues(indicator.code, year);
    for (const r of values.data) {
      rows.push([
        indicator.code,
        indicator.name,
        indicator.unit,
        values.year,
        r.pcode,
        r.name,
        r.province_pcode,
        provinceName.get(r.province_pcode) ?? '',
        r.value,
        indicator.source,
        indicator.licence,
      ]);
    }
  }
  return toCsv(
    ['indicator_code', 'indicator', 'unit', 'year', 'pcode', 'district', 'province_pcode', 'province', 'value', 'source', 'licence'],
    rows,
  );
}

function Provenance({ source, licence }: { source: ReactNode; licence: ReactNode }) {
  return (
    <dl className="provenance">
      <div>
        <dt>{t('data.source')}</dt>
        <dd>{source}</dd>
      </div>
      <div>
        <dt>{t('data.licence')}</dt>
        <dd>{licence}</dd>
      </div>
    </dl>
  );
}

export function DataPage() {
  usePageTitle(t('data.title'));
  const catalogue = useApi('data-catalogue', loadCatalogue);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  /** Runs one client-side download at a time and reports a failure in words. */
  const prepare = async (id: string, filename: string, build: () => Promise<string> | string) => {
    if (busy !== null) return;
    setBusy(id);
    setFailure(null);
    try {
      downloadText(filename, await build());
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  };

  const ready = catalogue.result.state === 'ready' ? catalogue.result.data : null;

  return (
    <>
      <h1>{t('data.title')}</h1>
      <p className="intro">{t('data.intro')}</p>
      {failure && (
        <p className="notice notice-error" role="alert">
          {t('data.downloadFailed', { message: failure })}
        </p>
      )}

      <div className="datasets">
        <section className="dataset" aria-labelledby="data-boundaries">
          <h2 id="data-boundaries">{t('data.boundariesTitle')}</h2>
          <ul className="download-list">
            <li>
              <a href={boundariesUrl(1)} download="pakistan_adm1_provinces_2022.geojson">
                {t('data.provincesGeojson')}
              </a>
            </li>
            <li>
              <a href={boundariesUrl(2)} download="pakistan_adm2_districts_2022.geojson">
                {t('data.districtsGeojson')}
              </a>
            </li>
          </ul>
          <p className="dataset-note">{t('data.validOn', { date: formatDate(BOUNDARY_VALID_ON) })}</p>
          <Provenance source={BOUNDARY_SOURCE} licence={BOUNDARY_LICENCE} />
        </section>

        <section className="dataset" aria-labelledby="data-districts">
          <h2 id="data-districts">{t('data.gazetteerTitle')}</h2>
          <ul className="download-list">
            <li>
              <button
                type="button"
                className="link-button"
                aria-busy={busy === 'districts'}
                onClick={() => void prepare('districts', 'pakistan_districts.csv', districtListCsv)}
              >
                {busy === 'districts' ? t('data.preparing') : t('data.districtListCsv')}
              </button>
            </li>
          </ul>
          <Provenance source={BOUNDARY_SOURCE} licence={BOUNDARY_LICENCE} />
        </section>

        <section className="dataset" aria-labelledby="data-catalogue">
          <h2 id="data-catalogue">{t('data.indicatorsTitle')}</h2>
          <ul className="download-list">
            <li>
              <button
                type="button"
                className="link-button"
                disabled={!ready}
                aria-busy={busy === 'catalogue'}
                onClick={() => ready && void prepare('catalogue', 'indicator_catalogue.csv', () => catalogueCsv(ready.indicators))}
              >
                {busy === 'catalogue' ? t('data.preparing') : t('data.catalogueCsv')}
              </button>
            </li>
          </ul>
          <p className="dataset-note">{t('data.catalogueSource')}</p>
          <Provenance source={t('data.several')} licence={t('data.several')} />
        </section>

        <section className="dataset" aria-labelledby="data-api">
          <h2 id="data-api">{t('data.apiTitle')}</h2>
          <p className="dataset-note">{t('data.apiBody')}</p>
          <ul className="download-list">
            <li>
              <a href="/api/docs">{t('data.apiDocs')}</a>
            </li>
            <li>
              <a href="/api/openapi.json">{t('data.openapi')}</a>
            </li>
          </ul>
        </section>
      </div>

      <section className="values-section" aria-labelledby="data-values">
        <h2 id="data-values">{t('data.valuesTitle')}</h2>
        <p className="intro">{t('data.valuesIntro')}</p>
        {catalogue.result.state === 'loading' && <Loading message={t('data.loading')} />}
        {catalogue.result.state === 'error' && (
          <LoadError message={t('data.error', { message: catalogue.result.error.message })} onRetry={catalogue.retry} />
        )}
        {ready && (
          <IndicatorDownloads
            indicators={ready.indicators}
            busy={busy}
            onDownload={(indicator) =>
              void prepare(`values:${indicator.code}`, `${indicator.code}_values.csv`, () => valuesCsv(indicator, ready.provinces))
            }
          />
        )}
      </section>
    </>
  );
}

function IndicatorDownloads({
  indicators,
  busy,
  onDownload,
}: {
  indicators: Indicator[];
  busy: string | null;
  onDownload: (indicator: Indicator) => void;
}) {
  const [query, setQuery] = useState('');
  const filterId = useId();
  const locale = getLocale();
  const shown = useMemo(() => {
    const collator = new Intl.Collator(locale, { sensitivity: 'base' });
    const needle = fold(query.trim());
    return indicators
      .filter((i) => !needle || fold(`${i.name} ${i.domain ?? ''} ${i.source} ${i.code}`).includes(needle))
      .sort((a, b) => collator.compare(a.domain ?? '', b.domain ?? '') || collator.compare(a.name, b.name));
  }, [indicators, query, locale]);

  const years = (i: Indicator) => {
    if (i.years.length === 0) return '—';
    const first = formatYear(i.years[0]!);
    const last = formatYear(i.years[i.years.length - 1]!);
    return i.years.length === 1 ? first : t('data.yearRange', { first, last, count: formatInteger(i.years.length) });
  };

  return (
    <>
      <div className="table-tools">
        <label htmlFor={filterId}>{t('data.filter')}</label>
        <input
          id={filterId}
          type="search"
          value={query}
          placeholder={t('data.filterPlaceholder')}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
        />
        <p className="table-count" aria-live="polite">
          {t('data.count', { shown: formatInteger(shown.length), total: formatInteger(indicators.length) })}
        </p>
      </div>
      <table className="stack-table values-table">
        <caption className="visually-hidden">{t('data.valuesTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('data.columnIndicator')}</th>
            <th scope="col">{t('data.columnYears')}</th>
            <th scope="col">{t('data.columnSourceLicence')}</th>
            <th scope="col">{t('data.columnDownload')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i.code} data-code={i.code}>
              <th scope="row">
                {i.name}
                {i.domain && <span className="cell-note">{i.domain}</span>}
              </th>
              <td className="years" data-label={t('data.columnYears')}>
                {years(i)}
              </td>
              <td data-label={t('data.columnSourceLicence')}>
                {i.source}
                <span className="cell-note">{i.licence}</span>
              </td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t('data.downloadCsvOf', { indicator: i.name })}
                  disabled={i.years.length === 0}
                  aria-busy={busy === `values:${i.code}`}
                  onClick={() => onDownload(i)}
                >
                  {busy === `values:${i.code}` ? t('data.preparing') : t('data.downloadCsv')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
