import { FEDERAL, type Completion, type Rating, type StallReason, type Trajectory } from '../../../../core/progress';
import type { ReportStatus, WorkflowAction } from '../../../../core/workflow';
import { ApiError } from '../../api/client';
import { listProvinces } from '../../api/geo';
import { useApi } from '../../api/useApi';
import { t, type MessageKey } from '../../i18n';

// Words and small pieces shared by the progress-report and review screens.

export const statusLabel = (status: ReportStatus) => t(`reportStatus.${status}` as MessageKey);
export const ratingLabel = (rating: Rating | null) => (rating ? t(`rating.${rating}` as MessageKey) : t('workReport.notChosen'));
export const completionLabel = (completion: Completion | null) =>
  completion ? t(`completion.${completion}` as MessageKey) : t('workReport.notChosen');
export const trajectoryLabel = (trajectory: Trajectory | null) =>
  trajectory ? t(`trajectory.${trajectory}` as MessageKey) : t('workReport.notChosen');
export const stallLabel = (reason: StallReason) => t(`stall.${reason}` as MessageKey);
export const actionLabel = (action: WorkflowAction) => t(`reportAction.${action}` as MessageKey);

/** Province names by P-code, and "Federal"; codes show until the names arrive. */
export function useJurisdictionNames(): (code: string) => string {
  const { result } = useApi('provinces', (signal) => listProvinces(signal));
  const names = new Map(result.state === 'ready' ? result.data.map((p) => [p.pcode, p.name] as const) : []);
  return (code: string) => (code === FEDERAL ? t('jurisdiction.federal') : (names.get(code) ?? code));
}

export function useProvinceCodes(): string[] {
  const { result } = useApi('provinces', (signal) => listProvinces(signal));
  return result.state === 'ready' ? result.data.map((p) => p.pcode).sort() : [];
}

export function StatusBadge({ status }: { status: ReportStatus }) {
  return <span className={`status-badge status-${status}`}>{statusLabel(status)}</span>;
}

/** A field's problems from a 400 answer, by field path (`evidence.0.url`). */
export type FieldProblems = Record<string, string>;

export function fieldProblems(error: unknown): FieldProblems {
  const problems: FieldProblems = {};
  if (error instanceof ApiError) {
    for (const f of error.fields) problems[f.field] = problems[f.field] ? `${problems[f.field]}; ${f.message}` : f.message;
  }
  return problems;
}

/** The message of an error in words, for the page's alert. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('workReport.errorNetwork');
    if (error.status === 401) return t('workReport.errorSignedOut');
    if (error.status === 403) return t('workReport.errorForbidden', { message: error.message });
    if (error.id === 'version_conflict') return t('workReport.errorConflict');
    if (error.id === 'illegal_transition') return t('workReport.errorState', { message: error.message });
    if (error.id === 'period_locked') return t('workReport.errorLocked', { message: error.message });
    if (error.status === 400) return t('workReport.errorFields', { message: error.message });
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The problem line under a field; its id ties it to the field with aria-describedby. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {message}
    </span>
  );
}

export function describedBy(...ids: Array<string | false | undefined>): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length ? list.join(' ') : undefined;
}
