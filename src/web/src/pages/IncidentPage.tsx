import { ApiError } from '../api/client';
import { getIncident, type CountRange, type IncidentDetail } from '../api/incidents';
import { useApi } from '../api/useApi';
import { LoadError } from '../components/LoadError';
import { Loading } from '../components/Loading';
import { formatInteger } from '../format';
import { t } from '../i18n';
import { usePageTitle } from '../pageTitle';
import { Link } from '../router';
import { categoryLabel, formatRange, frontLabel } from './IncidentsPage';
import { IncidentEditLink } from './work/IncidentEditLink';

function count(value: number | null): string {
  return value === null ? '—' : formatInteger(value);
}

function RangeRow({ label, range }: { label: string; range: CountRange }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="numeric" data-label={t('incident.low')}>
        {count(range.low)}
      </td>
      <td className="numeric" data-label={t('incident.best')}>
        {count(range.best)}
      </td>
      <td className="numeric" data-label={t('incident.high')}>
        {count(range.high)}
      </td>
    </tr>
  );
}

export function IncidentPage({ params }: { params: Record<string, string> }) {
  const id = params.id ?? '';
  const { result, retry } = useApi<IncidentDetail>(id, (signal) => getIncident(id, signal));
  const incident = result.state === 'ready' ? result.data.incident : null;
  usePageTitle(incident ? (incident.title ?? `${t('incident.kicker')} ${incident.id}`) : t('incident.kicker'));

  const back = (
    <p>
      <Link href="/incidents">{t('incident.back')}</Link>
    </p>
  );
  if (result.state === 'loading') {
    return (
      <>
        {back}
        <Loading message={t('incident.loading')} />
      </>
    );
  }
  if (result.state === 'error') {
    if (result.error instanceof ApiError && (result.error.status === 404 || result.error.status === 400)) {
      return (
        <>
          {back}
          <h1>{t('incident.notFound')}</h1>
        </>
      );
    }
    return (
      <>
        {back}
        <LoadError message={t('incident.error', { message: result.error.message })} onRetry={retry} />
      </>
    );
  }
  const { incident: i, sources, cluster } = result.data;
  const others = cluster?.members.filter((m) => m.id !== i.id) ?? [];
  return (
    <article className="incident-detail">
      {back}
      <p className="kicker">{t('incident.kicker')}</p>
      <h1>{i.title ?? `${categoryLabel(i.category)}, ${i.place ?? i.admin2 ?? ''}`}</h1>
      <IncidentEditLink id={i.id} />
      <dl className="incident-facts">
        <dt>{t('incidents.date')}</dt>
        <dd>{i.date_start === i.date_end ? i.date_start : `${i.date_start} – ${i.date_end}`}</dd>
        <dt>{t('incidents.place')}</dt>
        <dd>{i.place ?? i.location ?? '—'}</dd>
        <dt>{t('incidents.district')}</dt>
        <dd>{i.district_pcode ? <Link href={`/districts/${i.district_pcode}`}>{i.admin2 ?? i.district_pcode}</Link> : (i.admin2 ?? '—')}</dd>
        <dt>{t('incidents.category')}</dt>
        <dd>{categoryLabel(i.category)}</dd>
        <dt>{t('incidents.group')}</dt>
        <dd>{[i.perpetrator ?? i.group_code, frontLabel(i.front)].filter(Boolean).join(' · ') || '—'}</dd>
        {i.attack_type && (
          <>
            <dt>{t('incident.attackType')}</dt>
            <dd>{i.attack_type}</dd>
          </>
        )}
        {(i.target ?? i.target_type) && (
          <>
            <dt>{t('incident.target')}</dt>
            <dd>{i.target ?? i.target_type}</dd>
          </>
        )}
        <dt>{t('incidents.dataset')}</dt>
        <dd>{i.dataset}</dd>
      </dl>

      <section aria-labelledby="incident-casualties">
        <h2 id="incident-casualties">{t('incident.casualties')}</h2>
        <table className="comparison-table casualty-table">
          <thead>
            <tr>
              <td />
              <th scope="col">{t('incident.low')}</th>
              <th scope="col">{t('incident.best')}</th>
              <th scope="col">{t('incident.high')}</th>
            </tr>
          </thead>
          <tbody>
            <RangeRow label={t('incidents.killed')} range={i.killed} />
            <RangeRow label={t('incidents.injured')} range={i.injured} />
            <RangeRow label={t('incident.hostages')} range={i.hostages} />
          </tbody>
        </table>
      </section>

      {i.notes && (
        <section aria-labelledby="incident-notes">
          <h2 id="incident-notes">{t('incident.notes')}</h2>
          <p className="incident-notes">{i.notes}</p>
        </section>
      )}

      <section aria-labelledby="incident-sources" className="incident-sources">
        <h2 id="incident-sources">{t('incident.sources')}</h2>
        {sources.length === 0 && !i.source ? (
          <p>{t('incident.noSources')}</p>
        ) : (
          <ul>
            {i.source && <li>{i.source}</li>}
            {sources.map((s) => (
              <li key={s.id}>
                <span className="source-id">{s.id}</span>{' '}
                {/^https?:\/\//.test(s.citation) ? (
                  <a href={s.citation.split(' ')[0]} rel="noreferrer noopener">
                    {s.citation}
                  </a>
                ) : (
                  s.citation
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="incident-duplicates">
        <h2 id="incident-duplicates">{t('incident.duplicates')}</h2>
        {others.length === 0 ? (
          <p>{t('incident.noDuplicates')}</p>
        ) : (
          <ul>
            {others.map((m) => (
              <li key={m.id}>
                <Link href={`/incidents/${m.id}`}>
                  {m.date_start} · {m.dataset} · {m.title ?? m.place ?? m.native_key}
                </Link>{' '}
                ({formatRange(m.killed)})
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
