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
  theme: string | null;
  /** `;`-separated `federal` and province P-codes; null applies to every jurisdiction. */
  jurisdictions: string | null;
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

export interface PlanPointVersionTable {
  id: Generated<number>;
  point_id: number;
  version: number;
  text: string;
  reason: string | null;
  changed_at: string | null;
  changed_by: number | null;
}

export interface PlanPointLinkTable {
  id: Generated<number>;
  from_point_id: number;
  to_point_id: number;
  relation: string;
  basis: string;
  notes: string | null;
}

export interface PlanMeasureTable {
  id: Generated<number>;
  point_id: number;
  code: string;
  indicator: string;
  unit: string | null;
  baseline: number | null;
  baseline_date: string | null;
  target: number | null;
  due_date: string | null;
  frequency: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** JSON columns (figures, evidence, stall_reasons) hold text; the repository parses them. */
export interface ProgressReportTable {
  id: Generated<number>;
  subject_key: string;
  point_id: number;
  measure_id: number | null;
  jurisdiction: string;
  period: string;
  period_start: string;
  period_end: string;
  status: string;
  completion: string | null;
  trajectory: string | null;
  rating: string | null;
  narrative: string | null;
  figures: string;
  evidence: string;
  stall_reasons: string;
  origin: string;
  source_ids: string | null;
  return_reason: string | null;
  version: number;
  created_by: number | null;
  created_at: string;
  updated_by: number | null;
  updated_at: string;
  submitted_by: number | null;
  submitted_at: string | null;
  approved_by: number | null;
  approved_at: string | null;
  accepted_by: number | null;
  accepted_at: string | null;
  returned_by: number | null;
  returned_at: string | null;
  reopened_by: number | null;
  reopened_at: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  seq: number;
  actor_id: number | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  created_at: string;
  prev_hash: string;
  hash: string;
}

export interface AuditChainHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SettingTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: string;
  updated_by: number | null;
}

export interface IncidentGroupTable {
  code: string;
  name: string;
  front: string;
  parent_code: string | null;
  notes: string | null;
}

export interface IncidentGroupAliasTable {
  id: Generated<number>;
  group_code: string;
  alias: string;
  alias_key: string;
}

/** `details` is JSON (raw place names, actors, sub-types, sources, native codes); `suicide` is 0/1. */
export interface IncidentTable {
  id: Generated<number>;
  dataset: string;
  native_key: string;
  title: string | null;
  date_start: string;
  date_end: string;
  date_precision: string;
  province_pcode: string | null;
  district_pcode: string | null;
  tehsil_pcode: string | null;
  place: string | null;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  category: string;
  event_type: string | null;
  attack_type: string | null;
  suicide: number | null;
  group_code: string | null;
  front: string | null;
  killed_low: number | null;
  killed_best: number | null;
  killed_high: number | null;
  injured_low: number | null;
  injured_best: number | null;
  injured_high: number | null;
  hostages_low: number | null;
  hostages_best: number | null;
  hostages_high: number | null;
  killed_civilians: number | null;
  killed_security: number | null;
  killed_militants: number | null;
  notes: string | null;
  details: string;
  content_hash: string;
  batch_id: number | null;
  created_batch_id: number | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  deleted_reason: string | null;
  cluster_id: number | null;
}

/** `previous` is the incident's row as JSON before the change. */
export interface IncidentRevisionTable {
  id: Generated<number>;
  incident_id: number;
  batch_id: number | null;
  action: string;
  previous: string;
  actor_id: number | null;
  created_at: string;
}

export interface IncidentLinkTable {
  id: Generated<number>;
  incident_a: number;
  incident_b: number;
  decision: string;
  created_by: number | null;
  created_at: string;
}

/** Counts per district, month (YYYY-MM), front ('' for none) and category, clusters counted once. */
export interface IncidentDistrictMonthTable {
  district_pcode: string;
  month: string;
  front: string;
  category: string;
  province_pcode: string;
  incidents: number;
  killed: number;
  injured: number;
}

/** Incident and suicide-attack counts and the low, best and high sums of an aggregate row. */
export interface IncidentFactMeasures {
  incidents: number;
  suicide: number;
  killed_low: number;
  killed_best: number;
  killed_high: number;
  injured_low: number;
  injured_best: number;
  injured_high: number;
  hostages_low: number;
  hostages_best: number;
  hostages_high: number;
}

/** Sums per district, month, province, front, group, category and attack type ('' for none); clusters counted once. */
export interface IncidentMonthFactTable extends IncidentFactMeasures {
  district_pcode: string;
  month: string;
  province_pcode: string;
  front: string;
  group_code: string;
  category: string;
  attack_type: string;
  dataset: string;
}

/** Sums per province, month, front, group, category and attack type ('' for none). */
export interface IncidentProvinceMonthFactTable extends IncidentFactMeasures {
  province_pcode: string;
  month: string;
  front: string;
  group_code: string;
  category: string;
  attack_type: string;
}

/** Sums per district and month, with the district's province ('' for none). */
export interface IncidentDistrictMonthTotalTable extends IncidentFactMeasures {
  district_pcode: string;
  month: string;
  province_pcode: string;
}

/** One version of an index definition; `parameters` is JSON. Rows are never changed. */
export interface IndexDefinitionTable {
  id: Generated<number>;
  name: string;
  version: number;
  description: string | null;
  parameters: string;
  created_at: string;
  created_by: number | null;
}

/** A published index release; `parameters`, `options`, `values_json` and `notes` are JSON. Never changed or deleted. */
export interface IndexReleaseTable {
  id: Generated<number>;
  name: string;
  release: string;
  definition_version: number;
  parameters: string;
  options: string;
  inputs_hash: string;
  values_json: string;
  notes: string;
  created_at: string;
  created_by: number | null;
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
  plan_point_versions: PlanPointVersionTable;
  plan_point_links: PlanPointLinkTable;
  plan_measures: PlanMeasureTable;
  progress_reports: ProgressReportTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  api_tokens: ApiTokenTable;
  settings: SettingTable;
  incident_groups: IncidentGroupTable;
  incident_group_aliases: IncidentGroupAliasTable;
  incidents: IncidentTable;
  incident_revisions: IncidentRevisionTable;
  incident_links: IncidentLinkTable;
  incident_district_months: IncidentDistrictMonthTable;
  incident_month_facts: IncidentMonthFactTable;
  incident_province_month_facts: IncidentProvinceMonthFactTable;
  incident_district_month_totals: IncidentDistrictMonthTotalTable;
  index_definitions: IndexDefinitionTable;
  index_releases: IndexReleaseTable;
}
