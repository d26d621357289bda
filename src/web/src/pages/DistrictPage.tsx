import { memo, useMemo } from 'react';
import { ApiError } from '../api/client';
import { getDistrictBoundaries, getDistrictProfile, getProvinceBoundaries } from '../api/geo';
import { listIndicators } from '../api/indicators';
import type { DistrictCollection, DistrictProfile, Indicator, IndicatorSummary, ProvinceCollection, ValueStats } from '../api/types';
import { useApi } from '../api/useApi';
import { summaryKey, useSummaries } from '../api/useSummaries';
import { DistrictAnalysis } from '../components/district/DistrictAnalysis';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { titleWithUnit } from '../components/map/Legend';
import { LocatorMap } from '../components/map/LocatorMap';
import { PositionChart, PositionKey } from '../components/charts/PositionChart';
import { downloadText, toCsv } from '../components/tables/csv';
import { formatInteger, formatNumber, formatYear, plural } from '../format';
import { getLocale, t, tParts, useLanguage } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

interface Base {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
  catalogue: Map<string, Indicator>;
}

async function loadBase(signal: AbortSignal): Promise<Base> {
  const [districts, provinces, indicators] = await Promise.all([
    getDistrictBoundaries(signal),
    getProvinceBoundaries(signal),
    listIndicators(signal),
  ]);
  return { districts, provinces, catalogue: new Map(indicators.map((i) => [i.code, i])) };
}

export interface ComparisonRow {
  code: string;
  name: string;
  unit: string | null;
  domain: string | null;
  year: number;
  value: number;
  province: ValueStats | null;
  national: ValueStats | null;
  /** False until the summary for this indicator and year has arrived. */
  compared: boolean;
  source: string;
  licence: string;
}

function isNotFound(error: Error): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400);
}

export function DistrictPage({ params }: { params: Record<string, string> }) {
  const pcode = (params.pcode ?? '').toUpperCase();
  const profile = useApi(`district:${pcode}`, (signal) => getDistrictProfile(pcode, signal));
  const base = useApi('district-base', loadBase);

  const ready = profile.result.state === 'ready' ? profile.result.data : null;
  const title =
    profile.result.state === 'error' && isNotFound(profile.result.error)
      ? t('district.notFoundTitle')
      : ready
        ? `${ready.district.name}, ${ready.district.province_name}`
        : t('district.kicker');
  usePageTitle(title);

  if (profile.result.state === 'loading') {
    return (
      <>
        <p className="kicker">{t('district.kicker')}</p>
        <h1>{pcode}</h1>
        <Loading message={t('district.loading')} />
      </>
    );
  }
  if (profile.result.state === 'error') {
    const error = profile.result.error;
    if (isNotFound(error)) {
      return (
        <div className="not-found">
          <h1>{t('district.notFoundTitle')}</h1>
          <p>{t('district.notFoundBody', { pcode })}</p>
          <p>
            <Link href="/">{t('district.backToMap')}</Link>
          </p>
        </div>
      );
    }
    return (
      <>
        <h1>{pcode}</h1>
        <LoadError message={t('district.error', { message: error.message })} onRetry={profile.retry} />
      </>
    );
  }
  return <Profile profile={profile.result.data} base={base.result.state === 'ready' ? base.result.data : null} />;
}

function Profile({ profile, base }: { profile: DistrictProfile; base: Base | null }) {
  const { district } = profile;
  const summaries = useSummaries(
    `profile:${district.pcode}`,
    profile.indicators.map((i) => ({ code: i.code, year: i.year })),
  );
  const locale = getLocale();

  const rows: ComparisonRow[] = useMemo(
    () =>
      profile.indicators.map((i) => {
        const entry = base?.catalogue.get(i.code);
        const summary: IndicatorSummary | undefined = summaries.byKey.get(summaryKey(i.code, i.year));
        return {
          code: i.code,
          name: i.name,
          unit: i.unit,
          domain: entry?.domain ?? null,
          year: i.year,
          value: i.value,
          province: summary?.provinces.find((p) => p.pcode === district.province_pcode) ?? null,
          national: summary?.national ?? null,
          compared: summary !== undefined,
          source: entry?.source ?? '',
          licence: entry?.licence ?? '',
        };
      }),
    [profile, base, summaries.byKey, district.province_pcode],
  );

  const domains = useMemo(() => {
    const collator = new Intl.Collator(locale, { sensitivity: 'base' });
    const groups = new Map<string, ComparisonRow[]>();
    for (const row of rows) {
      const domain = row.domain ?? '';
      groups.set(domain, [...(groups.get(domain) ?? []), row]);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : collator.compare(a, b)))
      .map(([domain, list], index) => ({
        id: `domain-${index + 1}`,
        name: domain || t('district.otherDomain'),
        rows: list.sort((a, b) => collator.compare(a.name, b.name)),
      }));
  }, [rows, locale]);

  const loadingComparisons = summaries.done < summaries.total;

  const downloadCsv = () => {
    const csv = toCsv(
      [
        'district_pcode',
        'district',
        'province_pcode',
        'province',
        'domain',
        'indicator_code',
        'indicator',
        'unit',
        'year',
        'value',
        'province_median',
        'province_districts',
        'national_median',
        'national_districts',
        'source',
        'licence',
      ],
      domains.flatMap((d) =>
        d.rows.map((r) => [
          district.pcode,
          district.name,
          district.province_pcode,
          district.province_name,
          r.domain,
          r.code,
          r.name,
          r.unit,
          r.year,
          r.value,
          r.province?.median ?? null,
          r.province?.n ?? null,
          r.national?.median ?? null,
          r.national?.n ?? null,
          r.source,
          r.licence,
        ]),
      ),
    );
    downloadText(`${district.pcode}_indicators.csv`, csv);
  };

  return (
    <>
      <div className="profile-head">
        <div className="profile-facts">
          <p className="kicker">{t('district.kicker')}</p>
          <h1>{district.name}</h1>
          <dl className="facts">
            <div>
              <dt>{t('district.province')}</dt>
              <dd>
                <Link href={`/provinces/${district.province_pcode}`}>{district.province_name}</Link>
              </dd>
            </div>
            <div>
              <dt>{t('district.pcode')}</dt>
              <dd>{district.pcode}</dd>
            </div>
            {district.area_km2 !== null && (
              <div>
                <dt>{t('district.area')}</dt>
                <dd>{t('district.areaValue', { area: formatInteger(district.area_km2) })}</dd>
              </div>
            )}
            <div>
              <dt>{t('district.indicatorCount')}</dt>
              <dd>{formatInteger(profile.indicators.length)}</dd>
            </div>
          </dl>
        </div>
        {base && (
          <figure className="locator">
            <LocatorMap
              districts={base.districts}
              provinces={base.provinces}
              pcode={district.pcode}
              label={t('district.locator', { district: district.name, province: district.province_name })}
            />
          </figure>
        )}
      </div>

      <DistrictAnalysis pcode={district.pcode} name={district.name} province={district.province_pcode} provinceName={district.province_name} />

      <section className="profile-indicators" aria-labelledby="indicators-heading">
        <div className="section-head">
          <h2 id="indicators-heading">{t('district.indicatorsTitle')}</h2>
          {profile.indicators.length > 0 && (
            <button type="button" className="button" onClick={downloadCsv} disabled={loadingComparisons || !base}>
              {t('district.downloadCsv')}
            </button>
          )}
        </div>
        {profile.indicators.length === 0 ? (
          <p className="notice">{t('district.noIndicators')}</p>
        ) : (
          <>
            <p className="intro">{t('district.indicatorsIntro')}</p>
            <div className="status-line">
              {loadingComparisons && (
                <Loading
                  message={t('district.comparisonsLoading', { done: formatInteger(summaries.done), total: formatInteger(summaries.total) })}
                />
              )}
              {summaries.failed > 0 && (
                <p className="notice notice-error" role="alert">
                  {t('district.comparisonsFailed', { count: formatInteger(summaries.failed) })}
                </p>
              )}
            </div>
            <nav className="domain-nav" aria-label={t('district.domains')}>
              <ul>
                {domains.map((d) => (
                  <li key={d.id}>
                    <a href={`#${d.id}`}>{d.name}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <PositionKey />
            {domains.map((d) => (
              <section key={d.id} className="domain" aria-labelledby={d.id}>
                <h3 id={d.id} tabIndex={-1}>
                  {d.name}
                </h3>
                <ComparisonTable rows={d.rows} caption={d.name} />
              </section>
            ))}
            <p className="sources-note">
              {tParts('district.sourcesNote', {
                link: (
                  <Link key="link" href="/data">
                    {t('district.sourcesLink')}
                  </Link>
                ),
              })}
            </p>
          </>
        )}
      </section>
    </>
  );
}

const Stat = ({ stats, unit, compared }: { stats: ValueStats | null; unit: string | null; compared: boolean }) => {
  if (!compared) return <span className="pending">{t('district.pending')}</span>;
  if (!stats) return <span className="no-data">{t('map.noData')}</span>;
  return (
    <>
      {formatNumber(stats.median, unit)}
      <span className="cell-note">{plural(stats.n, 'district.districtsCountedOne', 'district.districtsCounted')}</span>
    </>
  );
};

interface RowProps {
  code: string;
  name: string;
  unit: string | null;
  year: number;
  value: number;
  province: ValueStats | null;
  national: ValueStats | null;
  compared: boolean;
  language: string;
}

// Rows re-render only when their own comparison arrives, not for every other indicator's.
const ComparisonTableRow = memo(function ComparisonTableRow({ code, name, unit, year, value, province, national, compared }: RowProps) {
  return (
    <tr data-code={code}>
      <th scope="row">{titleWithUnit(name, unit)}</th>
      <td className="numeric" data-label={t('district.columnYear')}>
        {formatYear(year)}
      </td>
      <td className="numeric value-district" data-label={t('district.columnValue')}>
        {formatNumber(value, unit)}
      </td>
      <td className="numeric value-province" data-label={t('district.columnProvince')}>
        <Stat stats={province} unit={unit} compared={compared} />
      </td>
      <td className="numeric value-national" data-label={t('district.columnNational')}>
        <Stat stats={national} unit={unit} compared={compared} />
      </td>
      <td className="position-column">
        {national && <PositionChart value={value} province={province?.median ?? null} national={national} />}
      </td>
    </tr>
  );
});

function ComparisonTable({ rows, caption }: { rows: ComparisonRow[]; caption: string }) {
  const language = useLanguage();
  return (
    <div className="comparison">
      <table className="comparison-table">
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          <col />
          <col className="col-year" />
          <col className="col-value" />
          <col className="col-median" />
          <col className="col-median" />
          <col className="position-column" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('district.columnIndicator')}</th>
            <th scope="col" className="numeric">
              {t('district.columnYear')}
            </th>
            <th scope="col" className="numeric">
              {t('district.columnValue')}
            </th>
            <th scope="col" className="numeric">
              {t('district.columnProvince')}
            </th>
            <th scope="col" className="numeric">
              {t('district.columnNational')}
            </th>
            <th scope="col" className="position-column">
              {t('district.columnPosition')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <ComparisonTableRow
              key={r.code}
              code={r.code}
              name={r.name}
              unit={r.unit}
              year={r.year}
              value={r.value}
              province={r.province}
              national={r.national}
              compared={r.compared}
              language={language}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
