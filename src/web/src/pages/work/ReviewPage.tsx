import { useRef, useState } from 'react';
import type { WorkflowAction } from '../../../../core/workflow';
import { listWorkReports, transitionReport, type WorkReport } from '../../api/progressWrite';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../format';
import { t } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link } from '../../router';
import { useSession, type SessionUser } from '../../session';
import {
  actionLabel,
  completionLabel,
  errorMessage,
  ratingLabel,
  StatusBadge,
  trajectoryLabel,
  useJurisdictionNames,
} from './ReportsShared';
import { ReviewReasonDialog } from './ReviewReasonDialog';

const REVIEW_ACTIONS: readonly WorkflowAction[] = ['approve', 'accept', 'return'];
const LIMIT = 200;

/**
 * Reports waiting for the user's review: a provincial approver's province's submitted reports;
 * for a national coordinator, approved reports and submitted federal ones. The API's `actions`
 * decide what is shown, so the queue follows the same policy the server enforces.
 */
async function loadQueue(user: SessionUser | null, signal: AbortSignal): Promise<{ reports: WorkReport[]; more: boolean }> {
  const statuses = user?.role === 'national_coordinator' ? (['approved', 'submitted'] as const) : (['submitted'] as const);
  const pages = await Promise.all(statuses.map((status) => listWorkReports({ status, per_page: LIMIT }, signal)));
  const reports = pages
    .flatMap((p) => p.data)
    .filter((r) => r.actions.some((a) => REVIEW_ACTIONS.includes(a as WorkflowAction)))
    .sort((a, b) => (a.submitted_at ?? '').localeCompare(b.submitted_at ?? ''));
  return { reports, more: pages.some((p) => p.pagination.total > LIMIT) };
}

export function ReviewPage() {
  usePageTitle(t('review.title'));
  const { user } = useSession();
  const jurisdictionName = useJurisdictionNames();
  const [loads, setLoads] = useState(0);
  const { result, latest, retry } = useApi(`review|${user?.id}|${loads}`, (signal) => loadQueue(user, signal));
  const [busyId, setBusyId] = useState<number | null>(null);
  const [asking, setAsking] = useState<WorkReport | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'status' | 'error'; text: string } | null>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  const subjectOf = (r: WorkReport) =>
    t('workReport.subject', { point: r.point, plan: r.plan, jurisdiction: jurisdictionName(r.jurisdiction), period: r.period });

  const act = async (report: WorkReport, action: WorkflowAction, reason?: string) => {
    setBusyId(report.id);
    try {
      await transitionReport(report.id, action, report.version, reason);
      setAsking(null);
      setDialogError(null);
      setMessage({ kind: 'status', text: t(`review.done.${action as 'approve' | 'accept' | 'return'}`, { subject: subjectOf(report) }) });
      setLoads((n) => n + 1);
    } catch (error) {
      if (reason !== undefined) setDialogError(errorMessage(error));
      else setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusyId(null);
      requestAnimationFrame(() => messageRef.current?.focus());
    }
  };

  const queue = result.state === 'ready' ? result.data : result.state === 'loading' ? latest : undefined;
  const intro = user?.role === 'national_coordinator' ? t('review.introNational') : t('review.introProvincial');

  return (
    <div className="work-page review-queue">
      <h1>{t('review.title')}</h1>
      <p className="intro">{intro}</p>
      <div aria-live="polite">
        {message && (
          <div
            className={`notice ${message.kind === 'error' ? 'notice-error' : 'notice-success'}`}
            role={message.kind === 'error' ? 'alert' : 'status'}
            tabIndex={-1}
            ref={messageRef}
          >
            <p>{message.text}</p>
          </div>
        )}
      </div>
      {result.state === 'loading' && !queue && <Loading message={t('review.loading')} />}
      {result.state === 'error' && (
        <LoadError message={t('review.error', { message: errorMessage(result.error) })} onRetry={retry} />
      )}
      {queue && queue.reports.length === 0 && <p className="notice">{t('review.empty')}</p>}
      {queue && queue.reports.length > 0 && (
        <>
          <p className="table-count">{t('review.count', { count: formatInteger(queue.reports.length) })}</p>
          {queue.more && <p className="notice">{t('review.more', { limit: formatInteger(LIMIT) })}</p>}
          <ul className="review-list">
            {queue.reports.map((r) => {
              const subject = subjectOf(r);
              const headingId = `review-${r.id}`;
              return (
                <li key={r.id} className="review-item" data-report={r.id}>
                  <div className="section-head">
                    <h2 id={headingId}>
                      <Link href={`/work/reports/${r.id}`}>{subject}</Link>
                    </h2>
                    <StatusBadge status={r.status} />
                  </div>
                  <p className="review-summary">
                    {r.rating && <span className={`rating-chip rating-${r.rating}`}>{ratingLabel(r.rating)}</span>}{' '}
                    <span>
                      {t('workReport.completion')}: {completionLabel(r.completion)}
                    </span>
                    {' · '}
                    <span>
                      {t('workReport.trajectory')}: {trajectoryLabel(r.trajectory)}
                    </span>
                    {' · '}
                    <span>{t('review.evidenceCount', { count: formatInteger(r.evidence.length) })}</span>
                  </p>
                  {r.narrative && <p className="review-narrative">{r.narrative}</p>}
                  <div className="form-actions">
                    {r.actions
                      .filter((a): a is WorkflowAction => REVIEW_ACTIONS.includes(a as WorkflowAction))
                      .map((action) => (
                        <button
                          key={action}
                          type="button"
                          className={`button ${action === 'return' ? '' : 'button-primary'}`}
                          data-action={action}
                          disabled={busyId !== null}
                          aria-describedby={headingId}
                          onClick={() => {
                            setMessage(null);
                            if (action === 'return') {
                              setDialogError(null);
                              setAsking(r);
                            } else {
                              void act(r, action);
                            }
                          }}
                        >
                          {actionLabel(action)}
                        </button>
                      ))}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {asking && (
        <ReviewReasonDialog
          action="return"
          subject={subjectOf(asking)}
          busy={busyId !== null}
          error={dialogError}
          onConfirm={(reason) => void act(asking, 'return', reason)}
          onCancel={() => {
            setAsking(null);
            setDialogError(null);
          }}
        />
      )}
    </div>
  );
}
