import { getJson } from './client';
import type { DistrictCollection, ProvinceCollection } from './types';

export function getDistrictBoundaries(signal?: AbortSignal): Promise<DistrictCollection> {
  return getJson('/api/v1/geo/boundaries', { level: 2 }, signal);
}

export function getProvinceBoundaries(signal?: AbortSignal): Promise<ProvinceCollection> {
  return getJson('/api/v1/geo/boundaries', { level: 1 }, signal);
}
