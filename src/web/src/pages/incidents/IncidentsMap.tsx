import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { getDistrictBoundaries, getProvinceBoundaries } from '../../api/geo';
import {
  countIncidentsByDistrict,
  FILTER_KEYS,
  listIncidentPoints,
  MAP_POINT_LIMIT,
  type DistrictIncidentCount,
  type IncidentFilters,
} from '../../api/incidents';
import type { DistrictCollection, DistrictProperties, ProvinceCollection } from '../../api/types';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { Choropleth } from '../../components/map/Choropleth';
import { mapImageSvg, svgToPng, type LegendEntry } from '../../components/map/exportMap';
import { Legend, legendEntries } from '../../components/map/Legend';
import { downloadBlob, downloadText, toCsv } from '../../components/tables/csv';
import { BOUNDARY_LICENCE, BOUNDARY_SOURCE } from '../../datasets';
import { formatInteger, plural } from '../../format';
import { getDirection, t } from '../../i18n';
import { IncidentPoints, pointsForImage, POINT_FILL } from './IncidentPoints';
import { classifyCounts } from './countClasses';
import { categoryLabel, frontLabel } from './labels';

// The incidents matching the page's filters on a map: districts shaded by how many there are,
// and, when few enough match, each incident as a dot linking to it. Loaded only with the
// incidents page, so the first page's JavaScript does not carry it.

/** Districts the filters exclude (another province, another district): blank, not "none". */
export const OUTSIDE_FILL = '#ffffff';

interface Boundaries {
  districts: DistrictCollection;
  provinces: ProvinceCollection;
}

function loadBoundaries(signal: AbortSignal): Promise<Boundaries> {
  return Promise.all([getDistrictBoundaries(signal), getProvinceBoundaries(signal)]).then(([districts, provinces]) => ({ districts, provinces }));
}

/** The filters in words, for the downloaded image: "Province: Punjab; From: 2020-01-01". */
function describeFilters(filters: IncidentFilters, boundaries: Boundaries): string {
  const province = (pcode: string) => boundaries.provinces.features.find((f) => f.properties.pcode === pcode)?.properties.name ?? pcode;
  const district = (pcode: string) => boundaries.districts.features.find((f) => f.properties.pcode === pcode)?.properties.name ?? pcode;
  const parts: string[] = [];
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (!value) continue;
    const shown =
      key === 'province' ? province(value) : key === 'district' ? district(value) : key === 'front' ? frontLabel(value) : key === 'category' ? categoryLabel(value) : value;
    parts.push(`${t(`incidents.${key}`)}: ${shown}`);
  }
  return t('incidentsMap.filters', { filters: parts.length > 0 ? parts.join('; ') : t('incidentsMap.allIncidents') });
}

export interface IncidentsMapProps {
  filters: IncidentFilters;
  /** A click, Enter or Space on a district. */
  onDistrict: (district: DistrictProperties) => void;
  /** The element the "Skip the map" link moves focus to. */
  afterMap: string;
}

export function IncidentsMap({ filters, onDistrict, afterMap }: IncidentsMapProps) {
  const headingId = useId();
  const filterKey = JSON.stringify(FILTER_KEYS.map((key) => filters[key] ?? null));
  const boundaries = useApi('incidents-map-boundaries', loadBoundaries);
  const counts = useApi(`incidents-map-counts:${filterKey}`, (signal) => countIncidentsByDistrict(filters, signal));
  const current = counts.result.state === 'ready' ? counts.result.data : undefined;
  const total = current?.reduce((sum, row) => sum + row.incidents, 0);
  // The district counts bound the number of dots from above (they leave out only incidents placed
  // in no district), so the points are asked for only when there cannot be too many.
  const wantPoints = total !== undefined && total > 0 && total <= MAP_POINT_LIMIT;
  const points = useApi(wantPoints ? `incidents-map-points:${filterKey}` : null, (signal) => listIncidentPoints(filters, signal));

  const container = useRef<HTMLDivElement>(null);
  const mapSvg = useRef<SVGSVGElement>(null);
  const pointsSvg = useRef<SVGSVGElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  // While new counts load, the previous ones stay on the map, dimmed.
  const shown: DistrictIncidentCount[] | undefined = current ?? counts.latest;
  const ready = boundaries.result.state === 'ready' ? boundaries.result.data : null;
  const byDistrict = useMemo(() => new Map((shown ?? []).map((row) => [row.district_pcode, row])), [shown]);

  const inside = useCallback(
    (d: DistrictProperties) => (!filters.province || d.province_pcode === filters.province) && (!filters.district || d.pcode === filters.district),
    [filters.province, filters.district],
  );
  const scope = useMemo(() => {
    const features = ready?.districts.features ?? [];
    const within = features.filter((f) => inside(f.properties));
    return { within, outside: features.length - within.length, properties: new Map(features.map((f) => [f.properties.pcode, f.properties])) };
  }, [ready, inside]);
  const classification = useMemo(
    () => classifyCounts(scope.within.map((f) => byDistrict.get(f.properties.pcode)?.incidents ?? 0)),
    [scope, byDistrict],
  );

  const fillOf = useCallback(
    (pcode: string) => {
      const district = scope.properties.get(pcode);
      if (!district || !inside(district)) return OUTSIDE_FILL;
      return classification.colourOf(byDistrict.get(pcode)?.incidents ?? 0);
    },
    [scope, inside, classification, byDistrict],
  );
  const valueTextOf = useCallback(
    (pcode: string) => {
      const district = scope.properties.get(pcode);
      if (!district || !inside(district)) return t('incidentsMap.outside');
      const row = byDistrict.get(pcode);
      return t('incidentsMap.value', { incidents: formatInteger(row?.incidents ?? 0), killed: formatInteger(row?.killed ?? 0) });
    },
    [scope, inside, byDistrict],
  );

  const drawnPoints = wantPoints && points.result.state === 'ready' ? points.result.data : null;
  const title = t('incidentsMap.title');

  const legend = (): LegendEntry[] => {
    const entries = legendEntries(classification.classes, null, 0);
    if (scope.outside > 0) entries.push({ fill: OUTSIDE_FILL, label: `${t('incidentsMap.outside')} (${formatInteger(scope.outside)})` });
    if (drawnPoints) entries.push({ fill: POINT_FILL, label: `${t('incidentsMap.points')} (${formatInteger(drawnPoints.length)})` });
    return entries;
  };

  const image = () => {
    if (!mapSvg.current || !ready) throw new Error(t('charts.notDrawn'));
    // The district map with the dots drawn into it, as one picture.
    const drawing = mapSvg.current.cloneNode(true) as SVGSVGElement;
    const dots = pointsForImage(pointsSvg.current);
    if (dots) drawing.append(dots);
    return mapImageSvg(drawing, {
      title,
      legend: legend(),
      notes: [describeFilters(filters, ready), t('incidentsMap.note'), `${t('map.boundaries')}: ${BOUNDARY_SOURCE}, ${BOUNDARY_LICENCE}`],
      direction: getDirection(),
    });
  };

  const csv = () => {
    const rows = scope.within
      .map((f) => f.properties)
      .sort((a, b) => a.province_name.localeCompare(b.province_name) || a.name.localeCompare(b.name))
      .map((d) => {
        const row = byDistrict.get(d.pcode);
        return [d.pcode, d.name, d.province_pcode, d.province_name, row?.incidents ?? 0, row?.killed ?? 0, row?.injured ?? 0];
      });
    return toCsv(['district_pcode', 'district', 'province_pcode', 'province', 'incidents', 'killed', 'injured'], rows);
  };

  const guard = async (work: () => void | Promise<void>) => {
    try {
      setExportError(null);
      await work();
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  const busy = counts.result.state === 'loading' || boundaries.result.state === 'loading' || (wantPoints && points.result.state === 'loading');
  const failure = boundaries.result.state === 'error' ? { error: boundaries.result.error, retry: boundaries.retry } : counts.result.state === 'error' ? { error: counts.result.error, retry: counts.retry } : null;
  const empty = total === 0;
  const districtsWithIncidents = (shown ?? []).filter((row) => row.incidents > 0 && scope.properties.has(row.district_pcode)).length;

  return (
    <section className="incidents-map" aria-labelledby={headingId} aria-busy={busy}>
      <h2 id={headingId}>{title}</h2>
      <a
        className="skip-map"
        href={`#${afterMap}`}
        onClick={(event) => {
          event.preventDefault();
          document.getElementById(afterMap)?.focus();
        }}
      >
        {t('map.skip')}
      </a>
      {busy && !failure && (
        <Loading
          message={counts.result.state === 'ready' && boundaries.result.state === 'ready' ? t('incidentsMap.pointsLoading') : t('map.loading')}
        />
      )}
      {failure && <LoadError message={t('map.error', { message: failure.error.message })} onRetry={failure.retry} />}
      {empty && !failure && <p className="table-empty">{t('incidentsMap.empty')}</p>}
      {ready && shown && !empty && !failure && (
        <>
          <p className="map-summary">
            {t('incidentsMap.summary', {
              incidents: plural(
                shown.reduce((sum, row) => sum + row.incidents, 0),
                'incidentsMap.incidentsOne',
                'incidentsMap.incidentsOther',
              ),
              districts: plural(districtsWithIncidents, 'incidentsMap.districtsOne', 'incidentsMap.districtsOther'),
            })}
          </p>
          <div className="incidents-map-canvas" ref={container}>
            <Choropleth
              svgRef={mapSvg}
              districts={ready.districts}
              provinces={ready.provinces}
              fillOf={fillOf}
              valueTextOf={valueTextOf}
              selected={filters.district ?? null}
              onOpen={(pcode) => {
                const district = scope.properties.get(pcode);
                if (district) onDistrict(district);
              }}
              label={t('incidentsMap.label')}
            />
            {drawnPoints && <IncidentPoints districts={ready.districts} points={drawnPoints} container={container} svgRef={pointsSvg} />}
          </div>
          <Legend title={t('incidentsMap.legendTitle')} unit={null} direction="higher_is_worse" classes={classification.classes} noDataCount={0} />
          {(scope.outside > 0 || drawnPoints) && (
            <ul className="legend-items legend-extra">
              {scope.outside > 0 && (
                <li>
                  <svg className="swatch" viewBox="0 0 16 16" aria-hidden="true">
                    <rect width="16" height="16" fill={OUTSIDE_FILL} />
                  </svg>
                  {t('incidentsMap.outside')}
                  <span className="legend-count">({formatInteger(scope.outside)})</span>
                </li>
              )}
              {drawnPoints && (
                <li>
                  <svg className="swatch swatch-point" viewBox="0 0 16 16" aria-hidden="true">
                    <circle cx="8" cy="8" r="5" fill={POINT_FILL} stroke="#ffffff" strokeWidth="1" />
                  </svg>
                  {t('incidentsMap.points')}
                  <span className="legend-count">({formatInteger(drawnPoints.length)})</span>
                </li>
              )}
            </ul>
          )}
          {wantPoints && points.result.state === 'error' && (
            <LoadError message={t('incidentsMap.pointsError', { message: points.result.error.message })} onRetry={points.retry} />
          )}
          {total !== undefined && total > MAP_POINT_LIMIT && (
            <p className="cell-note">{t('incidentsMap.tooMany', { count: formatInteger(total), limit: formatInteger(MAP_POINT_LIMIT) })}</p>
          )}
          <div className="downloads" role="group" aria-label={t('charts.downloadsOf', { what: title })}>
            <button type="button" className="button button-small" onClick={() => void guard(() => downloadText('incidents_by_district.csv', csv()))}>
              {t('charts.csv')}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => void guard(() => downloadText('incidents_by_district.svg', image().text, 'image/svg+xml;charset=utf-8'))}
            >
              {t('map.downloadSvg')}
            </button>
            <button type="button" className="button button-small" onClick={() => void guard(async () => downloadBlob('incidents_by_district.png', await svgToPng(image())))}>
              {t('map.downloadPng')}
            </button>
          </div>
          {exportError && (
            <p className="notice notice-error" role="alert">
              {t('map.exportFailed', { message: exportError })}
            </p>
          )}
          <p className="cell-note">
            {t('incidentsMap.note')} {t('map.boundaries')}: {BOUNDARY_SOURCE}, {BOUNDARY_LICENCE}.
          </p>
        </>
      )}
    </section>
  );
}
