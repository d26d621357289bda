import { useEffect, useId, useState } from 'react';
import { lastCompleteQuarter, UnknownProvinceError } from '../api/analytics';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { PeriodSelect } from '../components/province/PeriodSelect';
import {
  Headline,
  ImplementationSection,
  IncidentsSection,
  periodText,
  PointsSection,
  ReportingSection,
  SourcesSection,
  TimelineSection,
} from '../components/province/ProvinceSections';
import { BadPeriodError, useProvinceFigures } from '../components/province/useProvinceFigures';
import { t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';

// A province's scorecard: implementation of the plan by dimension, the kinetic – non-kinetic
// balance, each point's latest rating and evidence, reporting, incidents and the timeline.

function readQuery(): { period: string; plan: string | null } {
  const params = new URLSearchParams(window.location.search);
  return { period: params.get('period')?.trim().toUpperCase() || lastCompleteQuarter().code, plan: params.get('plan') };
}

export function reportQuery(period: string, plan: string | null): string {
  const params = new URLSearchParams({ period });
  if (plan) params.set('plan', plan);
  return params.toString();
}

export function ProvincePage({ params }: { params: Record<string, string> }) {
  const pcode = (params.pcode ?? '').toUpperCase();
  const [initial] = useState(readQuery);
  const [period, setPeriod] = useState(initial.period);
  const [plan, setPlan] = useState<string | null>(initial.plan);
  const planId = useId();
  const figures = useProvinceFigures(pcode, period, plan);
  const shown = figures.result.state === 'ready' ? figures.result.data : figures.latest?.province.pcode === pcode ? figures.latest : undefined;
  usePageTitle(shown ? t('province.pageTitle', { province: shown.province.name }) : t('province.kicker'));

  // The choice stays in the address so the page can be shared.
  useEffect(() => {
    window.history.replaceState(window.history.state, '', `${window.location.pathname}?${reportQuery(period, plan)}`);
  }, [period, plan]);

  if (figures.result.state === 'error' && figures.result.error instanceof UnknownProvinceError) {
    return (
      <div className="not-found">
        <h1>{t('province.notFoundTitle')}</h1>
        <p>{t('province.notFoundBody', { pcode })}</p>
        <p>
          <Link href="/tracker">{t('province.backToTracker')}</Link>
        </p>
      </div>
    );
  }

  const query = reportQuery(period, plan ?? shown?.plan.code ?? null);
  return (
    <div className="province-page">
      <p className="kicker">{t('province.kicker')}</p>
      <h1>{shown?.province.name ?? pcode}</h1>
      <p className="intro">{t('province.intro')}</p>
      <form className="controls" onSubmit={(event) => event.preventDefault()}>
        <PeriodSelect value={period} onChange={setPeriod} />
        <div className="field field-indicator">
          <label htmlFor={planId}>{t('tracker.plan')}</label>
          <select id={planId} value={plan ?? shown?.plan.code ?? ''} onChange={(event) => setPlan(event.target.value)} disabled={!shown}>
            {(shown?.plans ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="downloads">
          <a className="button" href={`/api/v1/reports/province/${encodeURIComponent(pcode)}.pdf?${query}`}>
            {t('province.downloadPdf')}
          </a>
          <a className="button" href={`/report/province/${encodeURIComponent(pcode)}?${query}`}>
            {t('province.printable')}
          </a>
        </div>
      </form>
      <div className="status-line">
        {figures.result.state === 'loading' && <Loading message={t('province.loading')} />}
        {figures.result.state === 'error' && (
          <LoadError
            message={
              figures.result.error instanceof BadPeriodError
                ? t('province.badPeriod', { period })
                : t('province.error', { message: figures.result.error.message })
            }
            onRetry={figures.retry}
          />
        )}
      </div>
      {shown && (
        <div className="province-body" aria-busy={figures.result.state === 'loading'}>
          <p className="report-period">{periodText(shown.period)}</p>
          <Headline figures={shown} />
          <ImplementationSection figures={shown} interactive />
          <PointsSection figures={shown} interactive />
          <ReportingSection figures={shown} />
          <IncidentsSection figures={shown} interactive />
          <TimelineSection figures={shown} interactive />
          <SourcesSection figures={shown} />
        </div>
      )}
    </div>
  );
}
