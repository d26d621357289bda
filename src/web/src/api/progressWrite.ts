import type { Completion, EvidenceLink, Figure, Rating, StallReason, Trajectory } from '../../../core/progress';
import type { ReportStatus, WorkflowAction } from '../../../core/workflow';
import { getJson, sendJson } from './client';

// Progress reports as their authors and reviewers see them, and the writes of the workflow.

export type ReportAction = WorkflowAction | 'update';

export interface WorkReport {
  id: number;
  plan: string;
  point: string;
  measure: string | null;
  jurisdiction: string;
  period: string;
  period_start: string;
  period_end: string;
  status: ReportStatus;
  completion: Completion | null;
  trajectory: Trajectory | null;
  rating: Rating | null;
  narrative: string | null;
  figures: Figure[];
  evidence: EvidenceLink[];
  stall_reasons: StallReason[];
  origin: 'reported' | 'public_source';
  source_ids: string[];
  return_reason: string | null;
  version: number;
  locked: boolean;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  approved_at: string | null;
  accepted_at: string | null;
  returned_at: string | null;
  reopened_at: string | null;
  /** What the signed-in user may do with the report now; the only buttons shown. */
  actions: ReportAction[];
}

export interface ReportPage {
  data: WorkReport[];
  pagination: { page: number; per_page: number; total: number };
}

export interface ReportFilters {
  plan?: string;
  point?: string;
  jurisdiction?: string;
  period?: string;
  status?: ReportStatus;
  page?: number;
  per_page?: number;
}

export function listWorkReports(filters: ReportFilters, signal?: AbortSignal): Promise<ReportPage> {
  return getJson<ReportPage>('/api/v1/progress', { ...filters }, signal);
}

export function getWorkReport(id: number, signal?: AbortSignal): Promise<WorkReport> {
  return getJson<WorkReport>(`/api/v1/progress/${id}`, {}, signal);
}

/** The assessment an author writes; `null` clears a choice. */
export interface Assessment {
  completion: Completion | null;
  trajectory: Trajectory | null;
  rating: Rating | null;
  narrative: string | null;
  figures: Figure[];
  evidence: EvidenceLink[];
  stall_reasons: StallReason[];
}

export interface NewReport {
  plan: string;
  point: string;
  measure: string | null;
  jurisdiction: string;
  period: string;
}

export function createReport(report: NewReport): Promise<WorkReport> {
  return sendJson<WorkReport>('POST', '/api/v1/progress', report);
}

/** Saves the draft; `version` is the one read, and a stale one is refused with 409. */
export function saveReport(id: number, version: number, assessment: Assessment): Promise<WorkReport> {
  return sendJson<WorkReport>('PATCH', `/api/v1/progress/${id}`, { version, ...assessment });
}

export function transitionReport(id: number, action: WorkflowAction, version: number, reason?: string): Promise<WorkReport> {
  return sendJson<WorkReport>('POST', `/api/v1/progress/${id}/${action}`, reason === undefined ? { version } : { version, reason });
}

export interface PlanPoint {
  plan: string;
  code: string;
  number: number | null;
  text: string;
  jurisdictions: string[];
  measures: { code: string; indicator: string; unit: string | null }[];
}

export async function listPoints(plan: string, signal?: AbortSignal): Promise<PlanPoint[]> {
  return (await getJson<{ data: PlanPoint[] }>(`/api/v1/plans/${encodeURIComponent(plan)}/points`, {}, signal)).data;
}
