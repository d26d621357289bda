/**
 * Progress-report vocabulary shared by server, CLI and web: the OGP completion scale, trajectory,
 * the PILDAT-style rating, reasons an item stalls, and the checks a report must pass before it
 * can be submitted.
 */
export const COMPLETION_LEVELS = ['no_evidence', 'not_started', 'limited', 'substantial', 'complete'] as const;
export type Completion = (typeof COMPLETION_LEVELS)[number];
export const COMPLETION_LABELS: Record<Completion, string> = {
  no_evidence: 'No evidence available',
  not_started: 'Not started',
  limited: 'Limited',
  substantial: 'Substantial',
  complete: 'Complete',
};

export const TRAJECTORIES = ['on_track', 'in_the_works', 'stalled'] as const;
export type Trajectory = (typeof TRAJECTORIES)[number];
export const TRAJECTORY_LABELS: Record<Trajectory, string> = { on_track: 'On track', in_the_works: 'In the works', stalled: 'Stalled' };

export const RATINGS = ['green', 'green_amber', 'amber_red', 'red', 'unrated'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = {
  green: 'Green',
  green_amber: 'Green-Amber',
  amber_red: 'Amber-Red',
  red: 'Red',
  unrated: 'Unrated',
};
/** Worst first: used to summarise several assessments of one item. */
export const RATING_SEVERITY: Record<Rating, number> = { red: 4, amber_red: 3, green_amber: 2, green: 1, unrated: 0 };

export const STALL_REASONS = ['design', 'relevance', 'institutions_coordination', 'political_support', 'capacity', 'resources'] as const;
export type StallReason = (typeof STALL_REASONS)[number];
export const STALL_REASON_LABELS: Record<StallReason, string> = {
  design: 'Design',
  relevance: 'Relevance',
  institutions_coordination: 'Institutions and coordination',
  political_support: 'Political support',
  capacity: 'Capacity',
  resources: 'Resources',
};

export const MEASURE_FREQUENCIES = ['quarterly', 'half_yearly', 'annual', 'once'] as const;
export type MeasureFrequency = (typeof MEASURE_FREQUENCIES)[number];

/** `reported` through the workflow, or `public_source`: history drawn from published assessments. */
export const REPORT_ORIGINS = ['reported', 'public_source'] as const;
export type ReportOrigin = (typeof REPORT_ORIGINS)[number];

/** A report is for the federal level or for one province or territory (ADM1 P-code). */
export const FEDERAL = 'federal';
export const JURISDICTION_PATTERN = /^(federal|PK\d{1,2})$/;

export function isProvinceJurisdiction(jurisdiction: string): boolean {
  return jurisdiction !== FEDERAL;
}

export interface Figure {
  metric: string;
  value: number | string;
  unit: string | null;
  qualifier?: 'approx' | 'more-than' | 'range' | null;
  as_of?: string | null;
  note?: string | null;
}

export interface EvidenceLink {
  title: string;
  url: string;
  date: string | null;
  public: boolean;
}

export const URL_PROBLEM = 'must be an http or https URL';

/** True for an absolute http(s) URL with a host; `javascript:`, `data:`, `file:` and the like are refused. */
export function isHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
}

/** The assessment part of a report that the cross-field rules look at. */
export interface Assessment {
  completion: Completion | null;
  trajectory: Trajectory | null;
  rating: Rating | null;
  stall_reasons: readonly StallReason[];
  evidence: readonly EvidenceLink[];
}

export interface AssessmentProblem {
  field: string;
  message: string;
}

/**
 * Rules that hold for any saved report: stall reasons belong to stalled items, an unrated item is
 * one without evidence, every evidence link is http(s).
 */
export function assessmentProblems(a: Assessment): AssessmentProblem[] {
  const problems: AssessmentProblem[] = [];
  if (a.stall_reasons.length && a.trajectory !== 'stalled') {
    problems.push({ field: 'stall_reasons', message: 'only stalled items take stall reasons' });
  }
  if (a.rating && a.completion && (a.rating === 'unrated') !== (a.completion === 'no_evidence')) {
    problems.push({ field: 'rating', message: 'is unrated exactly when completion is no_evidence (no evidence available)' });
  }
  a.evidence.forEach((e, i) => {
    if (!isHttpUrl(e.url)) problems.push({ field: `evidence.${i}.url`, message: URL_PROBLEM });
  });
  return problems;
}

/** What a report needs before it can be submitted for review. */
export function submissionProblems(a: Assessment): AssessmentProblem[] {
  const problems = assessmentProblems(a);
  if (!a.completion) problems.push({ field: 'completion', message: 'is required to submit' });
  if (!a.trajectory) problems.push({ field: 'trajectory', message: 'is required to submit' });
  if (!a.rating) problems.push({ field: 'rating', message: 'is required to submit' });
  if (a.trajectory === 'stalled' && !a.stall_reasons.length) {
    problems.push({ field: 'stall_reasons', message: 'give at least one reason for a stalled item' });
  }
  if (a.completion && a.completion !== 'no_evidence' && !a.evidence.length) {
    problems.push({ field: 'evidence', message: `at least one evidence link is needed unless completion is no_evidence` });
  }
  return problems;
}
