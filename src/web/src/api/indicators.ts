import { getJson } from './client';
import type { Indicator, IndicatorSummary, IndicatorValues } from './types';

export async function listIndicators(signal?: AbortSignal): Promise<Indicator[]> {
  const body = await getJson<{ data: Indicator[] }>('/api/v1/indicators', {}, signal);
  return body.data;
}

/** Values of one indicator per district; without a year the API answers the latest year. */
export function getIndicatorValues(code: string, year?: number, signal?: AbortSignal): Promise<IndicatorValues> {
  return getJson(`/api/v1/indicators/${encodeURIComponent(code)}/values`, { year }, signal);
}

/** National and per-province median, minimum and maximum of the district values for a year. */
export function getIndicatorSummary(code: string, year?: number, signal?: AbortSignal): Promise<IndicatorSummary> {
  return getJson(`/api/v1/indicators/${encodeURIComponent(code)}/summary`, { year }, signal);
}
