import { useId, useRef, useState, type FormEvent } from 'react';
import { quarterOf } from '../../../../core/periods';
import { ApiError } from '../../api/client';
import { listPlans } from '../../api/progress';
import { createReport, listPoints, type PlanPoint } from '../../api/progressWrite';
import { useApi } from '../../api/useApi';
import { t } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link, navigate } from '../../router';
import { reportJurisdictions, useSession } from '../../session';
import { describedBy, errorMessage, FieldError, fieldProblems, useJurisdictionNames, type FieldProblems } from './ReportsShared';

/** Starts a report (a draft) for a point or one of its measures, a jurisdiction and a period. */
export function ReportNewPage() {
  usePageTitle(t('reportNew.title'));
  const { user } = useSession();
  const id = useId();
  const jurisdictionName = useJurisdictionNames();
  const allowed = reportJurisdictions(user);
  const plans = useApi('plans', (signal) => listPlans(signal));
  const [planChoice, setPlanChoice] = useState<string | null>(null);
  const planList = plans.result.state === 'ready' ? plans.result.data : [];
  const plan = planChoice ?? planList.find((p) => p.code === 'NAP-2021')?.code ?? planList[0]?.code ?? '';
  const points = useApi<PlanPoint[]>(plan ? `points|${plan}` : null, (signal) => listPoints(plan, signal));
  const [point, setPoint] = useState('');
  const [measure, setMeasure] = useState('');
  const [jurisdiction, setJurisdiction] = useState(allowed[0] ?? '');
  const [period, setPeriod] = useState(() => quarterOf(new Date().toISOString().slice(0, 10)).code);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<{ message: string; existing?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  // Points that apply to the chosen jurisdiction (a point without a list applies everywhere).
  const pointList = (points.result.state === 'ready' ? points.result.data : []).filter(
    (p) => p.jurisdictions.length === 0 || p.jurisdictions.includes(jurisdiction),
  );
  const chosenPoint = pointList.find((p) => p.code === point);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: FieldProblems = {};
    if (!point) found.point = t('reportNew.pointMissing');
    if (!jurisdiction) found.jurisdiction = t('reportNew.jurisdictionMissing');
    if (!period.trim()) found.period = t('reportNew.periodMissing');
    setFailure(null);
    if (Object.keys(found).length) {
      setProblems(found);
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setProblems({});
    setBusy(true);
    try {
      const report = await createReport({ plan, point, measure: measure || null, jurisdiction, period: period.trim() });
      navigate(`/work/reports/${report.id}`);
    } catch (error) {
      setBusy(false);
      const fields = fieldProblems(error);
      setProblems(fields);
      const existing = error instanceof ApiError && typeof error.details.existing_report === 'number' ? error.details.existing_report : undefined;
      setFailure({ message: existing ? t('reportNew.exists') : errorMessage(error), existing });
      requestAnimationFrame(() => alertRef.current?.focus());
    }
  };

  return (
    <div className="work-page report-new">
      <p className="breadcrumb">
        <Link href="/work/reports">{t('work.reports')}</Link>
      </p>
      <h1>{t('reportNew.title')}</h1>
      <p className="intro">{t('reportNew.intro')}</p>
      {failure && (
        <div className="notice notice-error" role="alert" tabIndex={-1} ref={alertRef}>
          <p>{failure.message}</p>
          {failure.existing !== undefined && <Link href={`/work/reports/${failure.existing}`}>{t('reportNew.openExisting')}</Link>}
        </div>
      )}
      <form className="form-stack work-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-plan`}>{t('reports.plan')}</label>
          <select
            id={`${id}-plan`}
            value={plan}
            onChange={(e) => {
              setPlanChoice(e.target.value);
              setPoint('');
              setMeasure('');
            }}
            aria-describedby={describedBy(problems.plan && `${id}-plan-error`)}
          >
            {planList.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-plan-error`} message={problems.plan} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-jurisdiction`}>{t('reports.jurisdiction')}</label>
          <select
            id={`${id}-jurisdiction`}
            value={jurisdiction}
            onChange={(e) => setJurisdiction(e.target.value)}
            aria-invalid={problems.jurisdiction ? true : undefined}
            aria-describedby={describedBy(problems.jurisdiction && `${id}-jurisdiction-error`)}
          >
            {allowed.map((code) => (
              <option key={code} value={code}>
                {jurisdictionName(code)}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-jurisdiction-error`} message={problems.jurisdiction} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-point`}>{t('reportNew.point')}</label>
          <select
            id={`${id}-point`}
            value={point}
            onChange={(e) => {
              setPoint(e.target.value);
              setMeasure('');
            }}
            aria-invalid={problems.point ? true : undefined}
            aria-describedby={describedBy(problems.point && `${id}-point-error`)}
          >
            <option value="">{points.result.state === 'loading' && plan ? t('reportNew.pointsLoading') : t('reportNew.choosePoint')}</option>
            {pointList.map((p) => (
              <option key={p.code} value={p.code}>
                {`${p.code}. ${p.text}`}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-point-error`} message={problems.point} />
        </div>
        {chosenPoint && chosenPoint.measures.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-measure`}>{t('reportNew.measure')}</label>
            <select
              id={`${id}-measure`}
              value={measure}
              onChange={(e) => setMeasure(e.target.value)}
              aria-invalid={problems.measure ? true : undefined}
              aria-describedby={describedBy(problems.measure && `${id}-measure-error`)}
            >
              <option value="">{t('reportNew.wholePoint')}</option>
              {chosenPoint.measures.map((m) => (
                <option key={m.code} value={m.code}>
                  {`${m.code}: ${m.indicator}`}
                </option>
              ))}
            </select>
            <FieldError id={`${id}-measure-error`} message={problems.measure} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('reports.period')}</label>
          <input
            id={`${id}-period`}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            aria-invalid={problems.period ? true : undefined}
            aria-describedby={describedBy(`${id}-period-hint`, problems.period && `${id}-period-error`)}
            size={10}
          />
          <span className="field-hint" id={`${id}-period-hint`}>
            {t('reports.periodHint')}
          </span>
          <FieldError id={`${id}-period-error`} message={problems.period} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy || !plan}>
            {busy ? t('reportNew.busy') : t('reportNew.create')}
          </button>
          <Link href="/work/reports" className="button">
            {t('review.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
