import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { deleteIncident, linkIncident, unlinkIncident, type IncidentRecord, type IncidentRecordDetail } from '../../api/incidentsWrite';
import { t } from '../../i18n';
import { Link } from '../../router';
import { formatRange } from '../IncidentsPage';

// Beside the incident form: linking or separating duplicates by hand, and deleting the incident
// (a tombstone with a reason, after a confirmation).

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.fields.length > 0) return error.fields.map((f) => f.message).join('; ');
  return error instanceof Error ? error.message : String(error);
}

export function IncidentLinksPanel({ detail, onChanged }: { detail: IncidentRecordDetail; onChanged: () => void }) {
  const id = useId();
  const { incident, cluster } = detail;
  const [other, setOther] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const others = cluster?.members.filter((m) => m.id !== incident.id) ?? [];
  const linkOf = (member: IncidentRecord) => cluster?.links.find((l) => (l.a === incident.id && l.b === member.id) || (l.b === incident.id && l.a === member.id));

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      onChanged();
    } catch (error) {
      setProblem(t('entry.linkFailed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const n = Number(other.trim());
    if (!Number.isInteger(n) || n <= 0) {
      setProblem(t('entry.linkNeedsId'));
      return;
    }
    void run(() => linkIncident(incident.id, n));
  };

  return (
    <section className="entry-panel" aria-labelledby={`${id}-links`}>
      <h2 id={`${id}-links`}>{t('incident.duplicates')}</h2>
      <p className="field-hint">{t('entry.linksIntro')}</p>
      {others.length === 0 ? (
        <p>{t('incident.noDuplicates')}</p>
      ) : (
        <ul className="link-list">
          {others.map((m) => {
            const link = linkOf(m);
            return (
              <li key={m.id}>
                <Link href={`/incidents/${m.id}`}>
                  {m.date_start} · {m.dataset} · {m.title ?? m.place ?? m.native_key}
                </Link>{' '}
                ({formatRange(m.killed)}){link && <span className="cell-note"> {link.by === 'manual' ? t('entry.linkedByHand') : t('entry.linkedByRule')}</span>}{' '}
                <button type="button" className="button button-small" disabled={busy} onClick={() => void run(() => unlinkIncident(incident.id, m.id))}>
                  {t('entry.unlink', { id: m.id })}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form className="inline-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-other`}>{t('entry.linkTo')}</label>
          <input id={`${id}-other`} type="text" inputMode="numeric" value={other} onChange={(e) => setOther(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('entry.link')}
        </button>
      </form>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

export function IncidentDeletePanel({ incident }: { incident: IncidentRecord }) {
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setProblem(t('entry.deleteNeedsReason'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await deleteIncident(incident.id, reason.trim(), incident.updated_at);
      setDeleted(true);
    } catch (error) {
      setProblem(t('entry.deleteFailed', { message: messageOf(error) }));
    } finally {
      setBusy(false);
    }
  };

  if (deleted) {
    return (
      <section className="entry-panel" aria-labelledby={`${id}-delete`}>
        <h2 id={`${id}-delete`}>{t('entry.deleteTitle')}</h2>
        <p className="notice notice-success" role="status">
          {t('entry.deleted', { id: incident.id })} <Link href="/incidents">{t('incident.back')}</Link>
        </p>
      </section>
    );
  }

  return (
    <section className="entry-panel entry-danger" aria-labelledby={`${id}-delete`}>
      <h2 id={`${id}-delete`}>{t('entry.deleteTitle')}</h2>
      <p className="field-hint">{t('entry.deleteIntro')}</p>
      {!confirming ? (
        <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
          {t('entry.deleteStart')}
        </button>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="confirm-panel" aria-label={t('entry.deleteConfirmLabel')} noValidate>
          <p>{t('entry.deleteConfirm', { id: incident.id })}</p>
          <div className="field field-wide">
            <label htmlFor={`${id}-reason`}>{t('entry.deleteReason')}</label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              dir="auto"
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={problem && reason.trim() === '' ? true : undefined}
            />
          </div>
          <div className="entry-actions">
            <button type="submit" className="button button-danger" disabled={busy}>
              {t('entry.deleteFinal')}
            </button>
            <button
              type="button"
              className="button"
              onClick={() => {
                setConfirming(false);
                setProblem(null);
              }}
            >
              {t('entry.cancel')}
            </button>
          </div>
        </form>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
