import { useId, useState } from 'react';
import { ApiError } from '../../api/client';
import { listDistricts, listProvinces } from '../../api/geo';
import { createIncident, getIncidentRecord, listGroups, updateIncident, type IncidentRecordDetail } from '../../api/incidentsWrite';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { t, type MessageKey } from '../../i18n';
import { usePageTitle } from '../../pageTitle';
import { Link, navigate } from '../../router';
import { fieldId, fieldLabel, IncidentForm, type FieldErrors } from './IncidentForm';
import { buildCreate, buildUpdate, EMPTY_FORM, formOf, type FormProblem, type IncidentFormState } from './IncidentFormState';
import { IncidentDeletePanel, IncidentLinksPanel } from './IncidentManage';

// Entering a new incident (/work/incidents/new) and correcting one (/incidents/:id/edit).

type Outcome =
  | { kind: 'none' }
  | { kind: 'invalid'; errors: FieldErrors; message: string | null }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string }
  | { kind: 'unchanged' }
  | { kind: 'saved'; id: number; warning: string };

function localErrors(problems: FormProblem[]): FieldErrors {
  return new Map(problems.map((p) => [p.field, t(`entry.problem.${p.message}` as MessageKey)]));
}

function outcomeOf(error: unknown): Outcome {
  if (error instanceof ApiError) {
    if (error.status === 400 && error.fields.length > 0) {
      return { kind: 'invalid', errors: new Map(error.fields.map((f) => [f.field, f.message])), message: null };
    }
    if (error.id === 'version_conflict') {
      const time = String(error.details.current_updated_at ?? '').replace('T', ' ').slice(0, 16);
      return { kind: 'conflict', message: t('entry.conflict', { time }) };
    }
    if (error.status === 409) return { kind: 'conflict', message: t('entry.refused', { message: error.message }) };
    if (error.status === 401) return { kind: 'failed', message: t('entry.signedOut') };
    if (error.status === 403) return { kind: 'failed', message: t('entry.forbidden', { message: error.message }) };
  }
  return { kind: 'failed', message: t('entry.saveFailed', { message: error instanceof Error ? error.message : String(error) }) };
}

function ErrorSummary({ outcome, base }: { outcome: Outcome; base: string }) {
  if (outcome.kind !== 'invalid') return null;
  return (
    <div className="notice notice-error error-summary" role="alert" tabIndex={-1}>
      <p>{t('entry.invalid')}</p>
      <ul>
        {[...outcome.errors].map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldId(base, field)}`}>
              {fieldLabel(field)}: {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface EditorProps {
  detail: IncidentRecordDetail | null;
  onReload: () => void;
}

function Editor({ detail, onReload }: EditorProps) {
  const provinces = useApi('provinces', (signal) => listProvinces(signal));
  const districts = useApi('districts', (signal) => listDistricts(signal));
  const groups = useApi('groups', (signal) => listGroups(signal));
  const initial = detail ? formOf(detail.incident) : EMPTY_FORM;
  const [form, setForm] = useState<IncidentFormState>(initial);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const [busy, setBusy] = useState(false);
  // The summary of refused fields links to the inputs, so both use one id base.
  const base = useId();

  const save = async () => {
    const built = detail ? buildUpdate(initial, form) : buildCreate(form);
    if (built.problems.length > 0) {
      setOutcome({ kind: 'invalid', errors: localErrors(built.problems), message: null });
      return;
    }
    if (detail && Object.keys(built.input).length === 0) {
      setOutcome({ kind: 'unchanged' });
      return;
    }
    setBusy(true);
    try {
      // The version read goes with a correction: the API refuses it if someone else's was saved since.
      const answer = detail ? await updateIncident(detail.incident.id, built.input, detail.incident.updated_at) : await createIncident(built.input);
      if (answer.warning) {
        setOutcome({ kind: 'saved', id: answer.incident.id, warning: answer.warning });
      } else {
        navigate(`/incidents/${answer.incident.id}`);
      }
    } catch (error) {
      setOutcome(outcomeOf(error));
    } finally {
      setBusy(false);
    }
  };

  if (outcome.kind === 'saved') {
    return (
      <div className="notice notice-success" role="status">
        <p>{t('entry.savedWithWarning', { warning: outcome.warning })}</p>
        <Link href={`/incidents/${outcome.id}`}>{t('entry.openIncident')}</Link>
      </div>
    );
  }

  const loadError = [provinces.result, districts.result, groups.result].find((r) => r.state === 'error');
  const notices = (
    <>
      <ErrorSummary outcome={outcome} base={base} />
      {outcome.kind === 'conflict' && (
        <div className="notice notice-error" role="alert">
          <p>{outcome.message}</p>
          <button type="button" onClick={onReload}>
            {t('entry.reload')}
          </button>
        </div>
      )}
      {outcome.kind === 'failed' && (
        <div className="notice notice-error" role="alert">
          <p>{outcome.message}</p>
        </div>
      )}
      {outcome.kind === 'unchanged' && (
        <p className="notice" role="status">
          {t('entry.unchanged')}
        </p>
      )}
      {loadError && loadError.state === 'error' && (
        <LoadError message={t('entry.listsFailed', { message: loadError.error.message })} />
      )}
    </>
  );

  return (
    <IncidentForm
      base={base}
      form={form}
      onChange={setForm}
      onSubmit={() => void save()}
      errors={outcome.kind === 'invalid' ? outcome.errors : new Map()}
      busy={busy}
      submitLabel={detail ? t('entry.saveCorrection') : t('entry.create')}
      provinces={provinces.latest ?? []}
      districts={districts.latest ?? []}
      groups={groups.latest ?? []}
      notices={notices}
    />
  );
}

export function NewIncidentPage() {
  usePageTitle(t('entry.newTitle'));
  return (
    <div className="entry-page">
      <p>
        <Link href="/incidents">{t('incident.back')}</Link>
      </p>
      <h1>{t('entry.newTitle')}</h1>
      <p className="intro">{t('entry.newIntro')}</p>
      <Editor detail={null} onReload={() => undefined} />
    </div>
  );
}

function EditIncident({ id }: { id: string }) {
  const [attempt, setAttempt] = useState(0);
  const { result, retry } = useApi(`${id}:${attempt}`, (signal) => getIncidentRecord(id, signal));
  const detail = result.state === 'ready' ? result.data : null;
  usePageTitle(detail ? t('entry.editTitle', { id: detail.incident.id }) : t('entry.editTitleShort'));

  if (result.state === 'loading') {
    return <Loading message={t('incident.loading')} />;
  }
  if (result.state === 'error') {
    if (result.error instanceof ApiError && (result.error.status === 404 || result.error.status === 400)) {
      return <h1>{t('incident.notFound')}</h1>;
    }
    return <LoadError message={t('incident.error', { message: result.error.message })} onRetry={retry} />;
  }
  const { incident } = result.data;
  const title = incident.title ?? `${incident.dataset} ${incident.native_key}`;
  if (incident.deleted_at) {
    return (
      <>
        <h1>{t('entry.editTitle', { id: incident.id })}</h1>
        <p className="notice" role="status">
          {t('entry.isDeleted', { date: incident.deleted_at.slice(0, 10) })}
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link href={`/incidents/${incident.id}`}>{t('entry.backToIncident')}</Link>
      </p>
      <p className="kicker">{t('entry.editTitle', { id: incident.id })}</p>
      <h1>{title}</h1>
      <p className="intro">{t('entry.editIntro', { dataset: incident.dataset, key: incident.native_key })}</p>
      {/* A reload after a conflict starts again from the stored version. */}
      <Editor key={`${incident.id}:${incident.updated_at}`} detail={result.data} onReload={() => setAttempt((n) => n + 1)} />
      <IncidentLinksPanel detail={result.data} onChanged={() => setAttempt((n) => n + 1)} />
      <IncidentDeletePanel incident={incident} />
    </>
  );
}

export function EditIncidentPage({ params }: { params: Record<string, string> }) {
  return (
    <div className="entry-page">
      <EditIncident id={params.id ?? ''} />
    </div>
  );
}
