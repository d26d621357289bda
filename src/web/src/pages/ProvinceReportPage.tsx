import { lastCompleteQuarter, UnknownProvinceError } from '../api/analytics';
import { Loading } from '../components/Loading';
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

// The printable province report: an A4 page without the site's navigation. The PDF download and
// `nap-monitor report province` print this page in headless Chromium once it sets
// data-report-state="ready" (or "error", with the message in words).

function readQuery(): { period: string; plan: string | null } {
  const params = new URLSearchParams(window.location.search);
  return { period: params.get('period')?.trim().toUpperCase() || lastCompleteQuarter().code, plan: params.get('plan') };
}

export function ProvinceReportPage({ params }: { params: Record<string, string> }) {
  const pcode = (params.pcode ?? '').toUpperCase();
  const query = readQuery();
  const { result } = useProvinceFigures(pcode, query.period, query.plan);
  const figures = result.state === 'ready' ? result.data : null;
  usePageTitle(figures ? t('report.documentTitle', { province: figures.province.name, period: figures.period.code }) : t('report.kicker'));

  if (result.state === 'loading') {
    return (
      <div className="report" data-report-state="loading">
        <Loading message={t('report.loading')} />
      </div>
    );
  }
  if (result.state === 'error') {
    const error = result.error;
    const message =
      error instanceof UnknownProvinceError
        ? t('province.notFoundBody', { pcode })
        : error instanceof BadPeriodError
          ? t('province.badPeriod', { period: error.period })
          : t('report.error', { message: error.message });
    return (
      <div className="report" data-report-state="error" data-report-error={message}>
        <h1>{t('report.kicker')}</h1>
        <p className="notice notice-error" role="alert">
          {message}
        </p>
      </div>
    );
  }
  const f = result.data;
  return (
    <article className="report" data-report-state="ready" data-province={f.province.pcode} data-period={f.period.code}>
      <header className="report-head">
        <p className="kicker">
          {t('app.name')} · {t('report.kicker')}
        </p>
        <h1>{f.province.name}</h1>
        <p className="report-period">
          {periodText(f.period)} · {t('province.planLabel', { plan: f.plan.name })}
        </p>
      </header>
      <Headline figures={f} />
      <ImplementationSection figures={f} interactive={false} />
      <PointsSection figures={f} interactive={false} />
      <ReportingSection figures={f} />
      <IncidentsSection figures={f} interactive={false} />
      <TimelineSection figures={f} interactive={false} />
      <SourcesSection figures={f} />
    </article>
  );
}
