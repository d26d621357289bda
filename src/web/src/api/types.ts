import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

// Shapes of the HTTP API's JSON, as documented at /api/docs.

export type Direction = 'higher_is_better' | 'higher_is_worse' | 'neutral';

export interface Indicator {
  code: string;
  name: string;
  unit: string | null;
  direction: Direction;
  domain: string | null;
  source: string;
  licence: string;
  definition: string | null;
  first_year: number | null;
  last_year: number | null;
  years: number[];
  districts: number;
}

export interface IndicatorValue {
  pcode: string;
  name: string;
  province_pcode: string;
  value: number | null;
}

export interface IndicatorValues {
  indicator: Indicator;
  /** Null when the indicator has no values yet. */
  year: number | null;
  data: IndicatorValue[];
}

export interface DistrictProperties {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
}

export interface ProvinceProperties {
  pcode: string;
  name: string;
}

export type DistrictFeature = Feature<Polygon | MultiPolygon, DistrictProperties>;
export type ProvinceFeature = Feature<Polygon | MultiPolygon, ProvinceProperties>;
export type DistrictCollection = FeatureCollection<Polygon | MultiPolygon, DistrictProperties>;
export type ProvinceCollection = FeatureCollection<Polygon | MultiPolygon, ProvinceProperties>;

export interface Centroid {
  lat: number;
  lon: number;
}

export interface District {
  pcode: string;
  name: string;
  province_pcode: string;
  province_name: string;
  centroid: Centroid;
  area_km2: number | null;
}

export interface Province {
  pcode: string;
  name: string;
  centroid: Centroid;
}

/** The latest value of one indicator in one area. */
export interface AreaIndicatorValue {
  code: string;
  name: string;
  unit: string | null;
  year: number;
  value: number;
}

export interface DistrictProfile {
  district: District;
  indicators: AreaIndicatorValue[];
}

export interface ValueStats {
  /** Districts with a value. */
  n: number;
  median: number;
  min: number;
  max: number;
}

export interface IndicatorSummary {
  code: string;
  year: number | null;
  national: ValueStats | null;
  provinces: (ValueStats & { pcode: string; name: string })[];
}

export interface ApiErrorBody {
  error: {
    id: string;
    status: number;
    message: string;
    fields?: { field: string; message: string }[];
  };
}
