import { useId, useRef, useState, type FormEvent } from 'react';
import { COMPLETION_LEVELS, RATINGS, STALL_REASONS, TRAJECTORIES, type EvidenceLink, type Figure } from '../../../../core/progress';
import type { WorkflowAction } from '../../../../core/workflow';
import { ApiError } from '../../api/client';
import {
  getWorkReport,
  listPoints,
  saveReport,
  transitionReport,
  type Assessment,
  type PlanPoint,
  type WorkReport,
} from '../../api/progressWrite';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { formatDate } from '../../format';
import { t } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link } from '../../router';
import { can, useSession } from '../../session';
import {
  actionLabel,
  completionLabel,
  describedBy,
  errorMessage,
  FieldError,
  fieldProblems,
  ratingLabel,
  stallLabel,
  StatusBadge,
  trajectoryLabel,
  useJurisdictionNames,
  type FieldProblems,
} from './ReportsShared';
import { ReviewReasonDialog } from './ReviewReasonDialog';

/** A figure row as typed: the value stays text until it is sent. */
interface FigureRow {
  key: number;
  metric: string;
  value: string;
  unit: string;
  /** Fields the form does not edit (qualifier, as-of, note) are kept as they were. */
  rest: Omit<Figure, 'metric' | 'value' | 'unit'>;
}

interface EvidenceRow {
  key: number;
  title: string;
  url: string;
  date: string;
  public: boolean;
}

interface FormState {
  completion: string;
  trajectory: string;
  rating: string;
  narrative: string;
  stall_reasons: string[];
  figures: FigureRow[];
  evidence: EvidenceRow[];
}

let rowKey = 0;
const nextKey = () => ++rowKey;

function formOf(report: WorkReport): FormState {
  return {
    completion: report.completion ?? '',
    trajectory: report.trajectory ?? '',
    rating: report.rating ?? '',
    narrative: report.narrative ?? '',
    stall_reasons: [...report.stall_reasons],
    figures: report.figures.map(({ metric, value, unit, ...rest }) => ({ key: nextKey(), metric, value: String(value), unit: unit ?? '', rest })),
    evidence: report.evidence.map((e) => ({ key: nextKey(), title: e.title, url: e.url, date: e.date ?? '', public: e.public })),
  };
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The form as the API takes it; rows left completely empty are dropped. */
function assessmentOf(form: FormState): Assessment {
  const figures: Figure[] = form.figures
    .filter((f) => f.metric.trim() || f.value.trim() || f.unit.trim())
    .map((f) => ({
      ...f.rest,
      metric: f.metric.trim(),
      value: NUMBER.test(f.value.trim()) ? Number(f.value.trim()) : f.value.trim(),
      unit: f.unit.trim() || null,
    }));
  const evidence: EvidenceLink[] = form.evidence
    .filter((e) => e.title.trim() || e.url.trim() || e.date.trim())
    .map((e) => ({ title: e.title.trim(), url: e.url.trim(), date: e.date.trim() || null, public: e.public }));
  return {
    completion: (form.completion || null) as Assessment['completion'],
    trajectory: (form.trajectory || null) as Assessment['trajectory'],
    rating: (form.rating || null) as Assessment['rating'],
    narrative: form.narrative.trim() || null,
    stall_reasons: form.trajectory === 'stalled' ? (form.stall_reasons as Assessment['stall_reasons']) : [],
    figures,
    evidence,
  };
}

type Notice = { kind: 'status'; text: string } | { kind: 'error'; text: string; conflict?: boolean };

/** One progress report: the author's form while it is a draft or returned, else the report as written, with the actions open to the user. */
export function ReportFormPage({ params }: { params: Record<string, string> }) {
  const reportId = Number(params.id);
  const valid = Number.isInteger(reportId) && reportId > 0;
  const [loads, setLoads] = useState(0);
  const { result, retry } = useApi<WorkReport>(valid ? `report|${reportId}|${loads}` : null, (signal) => getWorkReport(reportId, signal));
  usePageTitle(t('workReport.title', { id: params.id ?? '' }));

  if (!valid || (result.state === 'error' && result.error instanceof ApiError && result.error.status === 404)) {
    return (
      <div className="work-page">
        <h1>{t('workReport.notFoundTitle')}</h1>
        <p>{t('workReport.notFound', { id: params.id ?? '' })}</p>
        <Link href="/work/reports">{t('work.reports')}</Link>
      </div>
    );
  }
  if (result.state === 'loading') {
    return <Loading message={t('workReport.loading')} />;
  }
  if (result.state === 'error') {
    return <LoadError message={t('workReport.loadError', { message: errorMessage(result.error) })} onRetry={retry} />;
  }
  return <ReportEditor key={`${result.data.id}|${loads}`} initial={result.data} onReload={() => setLoads((n) => n + 1)} />;
}

function ReportEditor({ initial, onReload }: { initial: WorkReport; onReload: () => void }) {
  const { user } = useSession();
  const id = useId();
  const jurisdictionName = useJurisdictionNames();
  const points = useApi<PlanPoint[]>(`points|${initial.plan}`, (signal) => listPoints(initial.plan, signal));
  const point = points.result.state === 'ready' ? points.result.data.find((p) => p.code === initial.point) : undefined;
  const measure = point?.measures.find((m) => m.code === initial.measure);

  const [report, setReport] = useState(initial);
  const [form, setForm] = useState(() => formOf(initial));
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<'return' | 'reopen' | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const editable = report.actions.includes('update');
  const workflow = report.actions.filter((a): a is WorkflowAction => a !== 'update');
  const subject = t('workReport.subject', {
    point: report.point,
    plan: report.plan,
    jurisdiction: jurisdictionName(report.jurisdiction),
    period: report.period,
  });

  const change = (next: Partial<FormState>) => {
    setForm((f) => ({ ...f, ...next }));
    setDirty(true);
  };

  const show = (next: Notice) => {
    setNotice(next);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const fail = (error: unknown) => {
    const fields = fieldProblems(error);
    setProblems(fields);
    const conflict = error instanceof ApiError && error.id === 'version_conflict';
    show({ kind: 'error', text: errorMessage(error), conflict });
  };

  /** Saves the form when it has changed; returns the report as saved, or null after a failure. */
  const save = async (): Promise<WorkReport | null> => {
    if (!dirty) return report;
    const saved = await saveReport(report.id, report.version, assessmentOf(form));
    setReport(saved);
    setDirty(false);
    return saved;
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const saved = await save();
      setProblems({});
      if (saved) show({ kind: 'status', text: t('workReport.saved', { version: saved.version }) });
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: WorkflowAction, reason?: string) => {
    setBusy(true);
    try {
      const current = editable ? await save() : report;
      if (!current) return;
      const moved = await transitionReport(current.id, action, current.version, reason);
      setReport(moved);
      setForm(formOf(moved));
      setDirty(false);
      setProblems({});
      setAsking(null);
      show({ kind: 'status', text: t(`workReport.done.${action}`) });
    } catch (error) {
      if (reason !== undefined) {
        setDialogError(errorMessage(error));
      } else {
        fail(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const fieldProps = (name: string, hint?: boolean) => ({
    id: `${id}-${name}`,
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': describedBy(hint && `${id}-${name}-hint`, problems[name] && `${id}-${name}-error`),
  });

  return (
    <div className="work-page report-page">
      <p className="breadcrumb">
        <Link href="/work/reports">{t('work.reports')}</Link>
        {can(user, 'reports.review') && (
          <>
            {' · '}
            <Link href="/work/review">{t('work.review')}</Link>
          </>
        )}
      </p>
      <div className="section-head">
        <h1>{subject}</h1>
        <StatusBadge status={report.status} />
      </div>
      {point && <p className="report-point">{point.text}</p>}
      {measure && <p className="report-point">{t('workReport.measure', { measure: `${measure.code}: ${measure.indicator}` })}</p>}
      <p className="cell-note">
        {t('workReport.versionLine', { version: report.version, updated: formatDate(report.updated_at.slice(0, 10)) })}
        {report.locked && ` · ${t('workReport.locked')}`}
      </p>
      {report.return_reason && (
        <div className="return-reason" role="note">
          <h2>{t('workReport.returnReason')}</h2>
          <p>{report.return_reason}</p>
        </div>
      )}

      <div className="notice-slot" aria-live="polite">
        {notice?.kind === 'status' && (
          <div className="notice notice-success" role="status" tabIndex={-1} ref={noticeRef}>
            <p>{notice.text}</p>
          </div>
        )}
      </div>
      {notice?.kind === 'error' && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={noticeRef}>
          <p>{notice.text}</p>
          {notice.conflict && (
            <button type="button" onClick={onReload}>
              {t('workReport.reload')}
            </button>
          )}
        </div>
      )}

      {editable ? (
        <form className="work-form report-form" onSubmit={onSave} noValidate>
          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-completion`}>{t('workReport.completion')}</label>
              <select {...fieldProps('completion')} value={form.completion} onChange={(e) => change({ completion: e.target.value })}>
                <option value="">{t('workReport.notChosen')}</option>
                {COMPLETION_LEVELS.map((c) => (
                  <option key={c} value={c}>
                    {completionLabel(c)}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-completion-error`} message={problems.completion} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-trajectory`}>{t('workReport.trajectory')}</label>
              <select {...fieldProps('trajectory')} value={form.trajectory} onChange={(e) => change({ trajectory: e.target.value })}>
                <option value="">{t('workReport.notChosen')}</option>
                {TRAJECTORIES.map((c) => (
                  <option key={c} value={c}>
                    {trajectoryLabel(c)}
                  </option>
                ))}
              </select>
              <FieldError id={`${id}-trajectory-error`} message={problems.trajectory} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-rating`}>{t('workReport.rating')}</label>
              <select {...fieldProps('rating', true)} value={form.rating} onChange={(e) => change({ rating: e.target.value })}>
                <option value="">{t('workReport.notChosen')}</option>
                {RATINGS.map((c) => (
                  <option key={c} value={c}>
                    {ratingLabel(c)}
                  </option>
                ))}
              </select>
              <span className="field-hint" id={`${id}-rating-hint`}>
                {t('workReport.ratingHint')}
              </span>
              <FieldError id={`${id}-rating-error`} message={problems.rating} />
            </div>
          </div>

          {form.trajectory === 'stalled' && (
            <fieldset className="checks" aria-describedby={describedBy(problems.stall_reasons && `${id}-stall_reasons-error`)}>
              <legend>{t('workReport.stallReasons')}</legend>
              {STALL_REASONS.map((r) => (
                <label key={r} className="check">
                  <input
                    type="checkbox"
                    checked={form.stall_reasons.includes(r)}
                    onChange={(e) =>
                      change({ stall_reasons: e.target.checked ? [...form.stall_reasons, r] : form.stall_reasons.filter((x) => x !== r) })
                    }
                  />{' '}
                  {stallLabel(r)}
                </label>
              ))}
              <FieldError id={`${id}-stall_reasons-error`} message={problems.stall_reasons} />
            </fieldset>
          )}

          <div className="field">
            <label htmlFor={`${id}-narrative`}>{t('workReport.narrative')}</label>
            <textarea {...fieldProps('narrative')} rows={6} maxLength={20000} value={form.narrative} onChange={(e) => change({ narrative: e.target.value })} />
            <FieldError id={`${id}-narrative-error`} message={problems.narrative} />
          </div>

          <fieldset className="rows" aria-describedby={describedBy(`${id}-evidence-hint`, problems.evidence && `${id}-evidence-error`)}>
            <legend>{t('workReport.evidence')}</legend>
            <p className="field-hint" id={`${id}-evidence-hint`}>
              {t('workReport.evidenceHint')}
            </p>
            <FieldError id={`${id}-evidence-error`} message={problems.evidence} />
            {form.evidence.map((row, i) => {
              const set = (next: Partial<EvidenceRow>) => change({ evidence: form.evidence.map((e) => (e.key === row.key ? { ...e, ...next } : e)) });
              return (
                <div className="row-group" key={row.key} role="group" aria-label={t('workReport.evidenceRow', { n: i + 1 })}>
                  <div className="field">
                    <label htmlFor={`${id}-evidence.${i}.title`}>{t('workReport.evidenceTitle')}</label>
                    <input {...fieldProps(`evidence.${i}.title`)} value={row.title} onChange={(e) => set({ title: e.target.value })} />
                    <FieldError id={`${id}-evidence.${i}.title-error`} message={problems[`evidence.${i}.title`]} />
                  </div>
                  <div className="field field-wide">
                    <label htmlFor={`${id}-evidence.${i}.url`}>{t('workReport.evidenceUrl')}</label>
                    <input
                      {...fieldProps(`evidence.${i}.url`)}
                      type="url"
                      inputMode="url"
                      dir="ltr"
                      value={row.url}
                      onChange={(e) => set({ url: e.target.value })}
                    />
                    <FieldError id={`${id}-evidence.${i}.url-error`} message={problems[`evidence.${i}.url`]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-evidence.${i}.date`}>{t('workReport.evidenceDate')}</label>
                    <input
                      {...fieldProps(`evidence.${i}.date`, true)}
                      value={row.date}
                      dir="ltr"
                      size={12}
                      onChange={(e) => set({ date: e.target.value })}
                    />
                    <span className="field-hint" id={`${id}-evidence.${i}.date-hint`}>
                      {t('workReport.evidenceDateHint')}
                    </span>
                    <FieldError id={`${id}-evidence.${i}.date-error`} message={problems[`evidence.${i}.date`]} />
                  </div>
                  <label className="check">
                    <input type="checkbox" checked={row.public} onChange={(e) => set({ public: e.target.checked })} /> {t('workReport.evidencePublic')}
                  </label>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => change({ evidence: form.evidence.filter((e) => e.key !== row.key) })}
                  >
                    {t('workReport.remove')}
                    <span className="visually-hidden"> {t('workReport.evidenceRow', { n: i + 1 })}</span>
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              className="button button-small"
              onClick={() => change({ evidence: [...form.evidence, { key: nextKey(), title: '', url: '', date: '', public: true }] })}
            >
              {t('workReport.addEvidence')}
            </button>
          </fieldset>

          <fieldset className="rows" aria-describedby={describedBy(problems.figures && `${id}-figures-error`)}>
            <legend>{t('workReport.figures')}</legend>
            <FieldError id={`${id}-figures-error`} message={problems.figures} />
            {form.figures.map((row, i) => {
              const set = (next: Partial<FigureRow>) => change({ figures: form.figures.map((f) => (f.key === row.key ? { ...f, ...next } : f)) });
              return (
                <div className="row-group" key={row.key} role="group" aria-label={t('workReport.figureRow', { n: i + 1 })}>
                  <div className="field field-wide">
                    <label htmlFor={`${id}-figures.${i}.metric`}>{t('workReport.figureMetric')}</label>
                    <input {...fieldProps(`figures.${i}.metric`)} value={row.metric} onChange={(e) => set({ metric: e.target.value })} />
                    <FieldError id={`${id}-figures.${i}.metric-error`} message={problems[`figures.${i}.metric`]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-figures.${i}.value`}>{t('workReport.figureValue')}</label>
                    <input {...fieldProps(`figures.${i}.value`)} value={row.value} size={10} onChange={(e) => set({ value: e.target.value })} />
                    <FieldError id={`${id}-figures.${i}.value-error`} message={problems[`figures.${i}.value`]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`${id}-figures.${i}.unit`}>{t('workReport.figureUnit')}</label>
                    <input {...fieldProps(`figures.${i}.unit`)} value={row.unit} size={10} onChange={(e) => set({ unit: e.target.value })} />
                    <FieldError id={`${id}-figures.${i}.unit-error`} message={problems[`figures.${i}.unit`]} />
                  </div>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => change({ figures: form.figures.filter((f) => f.key !== row.key) })}
                  >
                    {t('workReport.remove')}
                    <span className="visually-hidden"> {t('workReport.figureRow', { n: i + 1 })}</span>
                  </button>
                </div>
              );
            })}
            <button
              type="button"
              className="button button-small"
              onClick={() => change({ figures: [...form.figures, { key: nextKey(), metric: '', value: '', unit: '', rest: {} }] })}
            >
              {t('workReport.addFigure')}
            </button>
          </fieldset>

          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              {t('workReport.saveDraft')}
            </button>
            {workflow.map((action) => (
              <ActionButton key={action} action={action} busy={busy} onAct={act} onAsk={setAsking} />
            ))}
            {dirty && <span className="cell-note">{t('workReport.unsaved')}</span>}
          </div>
        </form>
      ) : (
        <>
          <ReportReadOnly report={report} />
          {workflow.length > 0 && (
            <div className="form-actions">
              {workflow.map((action) => (
                <ActionButton key={action} action={action} busy={busy} onAct={act} onAsk={setAsking} />
              ))}
            </div>
          )}
        </>
      )}

      {asking && (
        <ReviewReasonDialog
          action={asking}
          subject={subject}
          busy={busy}
          error={dialogError}
          onConfirm={(reason) => void act(asking, reason)}
          onCancel={() => {
            setAsking(null);
            setDialogError(null);
          }}
        />
      )}
    </div>
  );
}

function ActionButton({
  action,
  busy,
  onAct,
  onAsk,
}: {
  action: WorkflowAction;
  busy: boolean;
  onAct: (action: WorkflowAction) => Promise<void>;
  onAsk: (action: 'return' | 'reopen') => void;
}) {
  const asks = action === 'return' || action === 'reopen';
  return (
    <button
      type="button"
      className={`button ${asks ? '' : 'button-primary'}`}
      data-action={action}
      disabled={busy}
      onClick={() => (asks ? onAsk(action) : void onAct(action))}
    >
      {actionLabel(action)}
    </button>
  );
}

/** The report as written, for readers who may not change it (reviewers, other roles). */
export function ReportReadOnly({ report }: { report: WorkReport }) {
  return (
    <div className="report-readonly">
      <dl className="facts">
        <div>
          <dt>{t('workReport.completion')}</dt>
          <dd>{completionLabel(report.completion)}</dd>
        </div>
        <div>
          <dt>{t('workReport.trajectory')}</dt>
          <dd>{trajectoryLabel(report.trajectory)}</dd>
        </div>
        <div>
          <dt>{t('workReport.rating')}</dt>
          <dd>{report.rating ? <span className={`rating-chip rating-${report.rating}`}>{ratingLabel(report.rating)}</span> : ratingLabel(null)}</dd>
        </div>
        {report.stall_reasons.length > 0 && (
          <div>
            <dt>{t('workReport.stallReasons')}</dt>
            <dd>{report.stall_reasons.map(stallLabel).join(', ')}</dd>
          </div>
        )}
      </dl>
      <h2>{t('workReport.narrative')}</h2>
      <p className="report-narrative">{report.narrative ?? t('workReport.none')}</p>
      <h2>{t('workReport.evidence')}</h2>
      {report.evidence.length === 0 ? (
        <p>{t('workReport.none')}</p>
      ) : (
        <ul className="evidence-list">
          {report.evidence.map((e, i) => (
            <li key={`${e.url}|${i}`}>
              <a href={e.url} rel="noreferrer noopener">
                {e.title}
              </a>
              {e.date && ` (${e.date.length === 10 ? formatDate(e.date) : e.date})`}
              {!e.public && <span className="cell-note"> {t('workReport.evidenceNotPublic')}</span>}
            </li>
          ))}
        </ul>
      )}
      {report.figures.length > 0 && (
        <>
          <h2>{t('workReport.figures')}</h2>
          <ul>
            {report.figures.map((f, i) => (
              <li key={`${f.metric}|${i}`}>
                {f.metric}: {String(f.value)}
                {f.unit ? ` ${f.unit}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
