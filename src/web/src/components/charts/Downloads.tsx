import { useState, type RefObject } from 'react';
import { getDirection, t } from '../../i18n';
import { mapImageSvg, svgToPng, type LegendEntry } from '../map/exportMap';
import { downloadBlob, downloadText, toCsv } from '../tables/csv';

// Download buttons for one table or chart: its data as CSV and, for a chart, the picture as
// SVG or PNG with its title, key and sources written into the image.

export interface CsvData {
  header: string[];
  rows: (string | number | null)[][];
}

export interface ChartImage {
  svg: RefObject<SVGSVGElement | null>;
  title: string;
  legend: LegendEntry[];
  notes: string[];
}

export function Downloads({
  name,
  csv,
  image,
  label,
}: {
  /** File name without extension. */
  name: string;
  csv: () => CsvData;
  image?: ChartImage;
  /** What is downloaded, for screen readers ("Incidents by month"). */
  label: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const render = () => {
    if (!image?.svg.current) throw new Error(t('charts.notDrawn'));
    return mapImageSvg(image.svg.current, { title: image.title, legend: image.legend, notes: image.notes, direction: getDirection() });
  };
  const guard = async (work: () => void | Promise<void>) => {
    try {
      setError(null);
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="downloads" role="group" aria-label={t('charts.downloadsOf', { what: label })}>
      <button
        type="button"
        className="button button-small"
        onClick={() => void guard(() => {
          const data = csv();
          downloadText(`${name}.csv`, toCsv(data.header, data.rows));
        })}
      >
        {t('charts.csv')}
      </button>
      {image && (
        <>
          <button type="button" className="button button-small" onClick={() => void guard(() => downloadText(`${name}.svg`, render().text, 'image/svg+xml;charset=utf-8'))}>
            {t('charts.svg')}
          </button>
          <button type="button" className="button button-small" onClick={() => void guard(async () => downloadBlob(`${name}.png`, await svgToPng(render())))}>
            {t('charts.png')}
          </button>
        </>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {t('map.exportFailed', { message: error })}
        </p>
      )}
    </div>
  );
}
