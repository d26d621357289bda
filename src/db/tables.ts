import type { Generated } from 'kysely';

// Timestamps are ISO-8601 strings (UTC) in both dialects, so rows compare and serialise alike.

export interface ProvinceTable {
  pcode: string;
  name: string;
  centroid_lat: number;
  centroid_lon: number;
  geometry: string | null;
}

export interface DistrictTable {
  pcode: string;
  name: string;
  province_pcode: string;
  alt_name_1: string | null;
  alt_name_2: string | null;
  centroid_lat: number;
  centroid_lon: number;
  area_km2: number | null;
  geometry: string | null;
}

export interface TehsilTable {
  pcode: string;
  name: string;
  district_pcode: string;
}

export interface PlaceAliasTable {
  id: Generated<number>;
  alias: string;
  alias_key: string;
  adm_level: number;
  pcode: string;
  kind: string;
  valid_from: string | null;
  valid_to: string | null;
  notes: string | null;
  source_ids: string | null;
}

export interface SourceTable {
  id: string;
  citation: string;
  reliability_note: string | null;
}

export interface ImportBatchTable {
  id: Generated<number>;
  kind: string;
  format: string;
  file: string;
  status: string;
  created_at: string;
  created_by: number | null;
  undone_at: string | null;
  report: string;
}

export interface IndicatorTable {
  code: string;
  name: string;
  unit: string | null;
  direction: string;
  domain: string | null;
  source: string;
  licence: string;
  definition: string | null;
  first_year: number | null;
  last_year: number | null;
}

export interface IndicatorValueTable {
  id: Generated<number>;
  indicator_code: string;
  area_pcode: string;
  area_level: number;
  year: number;
  value: number;
  batch_id: number | null;
}

export interface PlanTable {
  code: string;
  name: string;
  adopted_on: string | null;
  description: string | null;
  source_ids: string | null;
}

export interface PlanPointTable {
  id: Generated<number>;
  plan_code: string;
  code: string;
  number: number | null;
  text: string;
  variant_text: string | null;
  dimension: string | null;
  dimension_basis: string | null;
  lead_agencies: string | null;
  basis: string | null;
  notes: string | null;
  source_ids: string | null;
}

export interface ProgrammeTable {
  code: string;
  name: string;
  kind: string;
  start_date: string | null;
  end_date: string | null;
  dimension: string | null;
  summary: string | null;
  key_figures: string | null;
  source_ids: string | null;
}

export interface GovernanceBodyTable {
  code: string;
  name: string;
  level: string;
  established: string | null;
  role: string | null;
  basis: string | null;
  notes: string | null;
  source_ids: string | null;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: string;
  province_pcode: string | null;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface Database {
  provinces: ProvinceTable;
  districts: DistrictTable;
  tehsils: TehsilTable;
  place_aliases: PlaceAliasTable;
  sources: SourceTable;
  import_batches: ImportBatchTable;
  indicators: IndicatorTable;
  indicator_values: IndicatorValueTable;
  plans: PlanTable;
  plan_points: PlanPointTable;
  programmes: ProgrammeTable;
  governance_bodies: GovernanceBodyTable;
  users: UserTable;
  sessions: SessionTable;
}
