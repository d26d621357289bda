import { getJson } from './client';
import type { District, DistrictCollection, DistrictProfile, Province, ProvinceCollection } from './types';

export function boundariesUrl(level: 1 | 2): string {
  return `/api/v1/geo/boundaries?level=${level}`;
}

export function getDistrictBoundaries(signal?: AbortSignal): Promise<DistrictCollection> {
  return getJson('/api/v1/geo/boundaries', { level: 2 }, signal);
}

export function getProvinceBoundaries(signal?: AbortSignal): Promise<ProvinceCollection> {
  return getJson('/api/v1/geo/boundaries', { level: 1 }, signal);
}

/** One district with the latest value of each indicator; a 404 ApiError when there is none. */
export function getDistrictProfile(pcode: string, signal?: AbortSignal): Promise<DistrictProfile> {
  return getJson(`/api/v1/geo/districts/${encodeURIComponent(pcode)}`, {}, signal);
}

export async function listDistricts(signal?: AbortSignal): Promise<District[]> {
  return (await getJson<{ data: District[] }>('/api/v1/geo/districts', {}, signal)).data;
}

export async function listProvinces(signal?: AbortSignal): Promise<Province[]> {
  return (await getJson<{ data: Province[] }>('/api/v1/geo/provinces', {}, signal)).data;
}
