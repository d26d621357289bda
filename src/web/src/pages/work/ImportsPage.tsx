import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import {
  IMPORT_FORMATS,
  listImportBatches,
  SHIPPED_MAPPINGS,
  undoImportBatch,
  UPLOAD_LIMIT_BYTES,
  uploadImport,
  type ImportBatch,
  type ImportFormat,
  type ImportReport,
} from '../../api/imports';
import { useApi } from '../../api/useApi';
import { LoadError } from '../../components/LoadError';
import { Loading } from '../../components/Loading';
import { formatInteger } from '../../format';
import { t, type MessageKey } from '../../i18n';
import { usePageTitle } from '../../pageTitle';

// Importing an incident file as one reversible batch: upload with progress, the server's
// row-level report, and the batches so far with undo.

type UploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing' }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'failed'; message: string; fields: { field: string; message: string }[] };

const MIB = 1024 * 1024;

function refusal(error: unknown): UploadState {
  if (error instanceof ApiError) {
    if (error.status === 413) return { kind: 'failed', message: t('imports.tooLarge', { limit: formatInteger(UPLOAD_LIMIT_BYTES / MIB) }), fields: [] };
    if (error.status === 400) return { kind: 'failed', message: t('imports.refused'), fields: error.fields };
    if (error.status === 401) return { kind: 'failed', message: t('entry.signedOut'), fields: [] };
    if (error.status === 403) return { kind: 'failed', message: t('entry.forbidden', { message: error.message }), fields: [] };
    if (error.status === 409) return { kind: 'failed', message: t('entry.refused', { message: error.message }), fields: [] };
  }
  return { kind: 'failed', message: t('imports.failed', { message: error instanceof Error ? error.message : String(error) }), fields: [] };
}

function count(value: unknown): string {
  return typeof value === 'number' ? formatInteger(value) : '—';
}

function UploadForm({ onImported }: { onImported: () => void }) {
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('acled');
  const [mapping, setMapping] = useState<string>(SHIPPED_MAPPINGS[0]);
  const [dryRun, setDryRun] = useState(false);
  const [state, setState] = useState<UploadState>({ kind: 'idle' });
  const [missingFile, setMissingFile] = useState(false);
  const working = state.kind === 'uploading' || state.kind === 'processing';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setMissingFile(true);
      fileInput.current?.focus();
      return;
    }
    setMissingFile(false);
    if (file.size > UPLOAD_LIMIT_BYTES) {
      setState({ kind: 'failed', message: t('imports.tooLarge', { limit: formatInteger(UPLOAD_LIMIT_BYTES / MIB) }), fields: [] });
      return;
    }
    setState({ kind: 'uploading', loaded: 0, total: file.size });
    try {
      const report = await uploadImport({ file, format, mapping: format === 'csv' ? mapping : undefined, dryRun }, (loaded, total) => {
        // Once every byte is sent the server reads and checks the rows: say so.
        setState(loaded >= total ? { kind: 'processing' } : { kind: 'uploading', loaded, total });
      });
      setState({ kind: 'done', report });
      if (report.batch !== null) onImported();
    } catch (error) {
      setState(refusal(error));
    }
  };

  return (
    <section aria-labelledby={`${id}-upload`} className="entry-panel">
      <h2 id={`${id}-upload`}>{t('imports.uploadTitle')}</h2>
      <form className="import-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field field-wide">
          <label htmlFor={`${id}-file`}>{t('imports.file')}</label>
          <p className="field-hint" id={`${id}-file-hint`}>
            {t('imports.fileHint', { limit: formatInteger(UPLOAD_LIMIT_BYTES / MIB) })}
          </p>
          <input
            ref={fileInput}
            id={`${id}-file`}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${id}-file-hint${missingFile ? ` ${id}-file-error` : ''}`}
            aria-invalid={missingFile ? true : undefined}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissingFile(false);
            }}
          />
          {missingFile && (
            <p className="field-error" id={`${id}-file-error`}>
              {t('imports.chooseFile')}
            </p>
          )}
        </div>
        <fieldset className="field field-wide format-choice">
          <legend>{t('imports.format')}</legend>
          {IMPORT_FORMATS.map((f) => (
            <label key={f} className="choice">
              <input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => setFormat(f)} />
              {t(`imports.format.${f}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        {format === 'csv' && (
          <div className="field">
            <label htmlFor={`${id}-mapping`}>{t('imports.mapping')}</label>
            <select id={`${id}-mapping`} value={mapping} onChange={(e) => setMapping(e.target.value)}>
              {SHIPPED_MAPPINGS.map((m) => (
                <option key={m} value={m}>
                  {t(`imports.mapping.${m}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
        )}
        <label className="choice field-wide">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          {t('imports.dryRun')}
        </label>
        <div className="entry-actions field-wide">
          <button type="submit" className="button button-primary" disabled={working}>
            {dryRun ? t('imports.check') : t('imports.submit')}
          </button>
        </div>
      </form>
      <UploadProgress state={state} />
      {state.kind === 'done' && <ImportReportView report={state.report} />}
    </section>
  );
}

function UploadProgress({ state }: { state: UploadState }) {
  const id = useId();
  if (state.kind === 'uploading') {
    const percent = state.total > 0 ? Math.round((state.loaded / state.total) * 100) : 0;
    return (
      <div className="upload-progress" role="status">
        <label htmlFor={`${id}-bar`}>{t('imports.uploading', { percent })}</label>
        <progress id={`${id}-bar`} max={100} value={percent}>
          {percent}%
        </progress>
      </div>
    );
  }
  if (state.kind === 'processing') {
    return (
      <div className="upload-progress" role="status">
        <label htmlFor={`${id}-bar`}>{t('imports.processing')}</label>
        {/* No value: the server does not say how far it is, only that it is working. */}
        <progress id={`${id}-bar`} />
      </div>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div className="notice notice-error" role="alert">
        <p>{state.message}</p>
        {state.fields.length > 0 && (
          <ul>
            {state.fields.map((f) => (
              <li key={`${f.field}:${f.message}`}>
                {(UPLOAD_FIELDS as readonly string[]).includes(f.field) ? t(`imports.field.${f.field}` as MessageKey) : f.field}: {f.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return null;
}

const UPLOAD_FIELDS = ['file', 'format', 'mapping'] as const;

const COUNTS = ['rows', 'imported', 'updated', 'unchanged', 'skipped', 'rejected_rows'] as const;

export function ImportReportView({ report }: { report: ImportReport }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // The report replaces the progress bar: move there so a screen reader reads it next.
  useEffect(() => heading.current?.focus(), [report]);
  const headline = report.dry_run
    ? t('imports.reportDryRun')
    : report.batch !== null
      ? t('imports.reportBatch', { batch: report.batch })
      : t('imports.reportNothing');
  return (
    <section className="import-report" aria-labelledby={`${id}-report`}>
      <h3 id={`${id}-report`} tabIndex={-1} ref={heading}>
        {t('imports.reportTitle', { file: report.file })}
      </h3>
      <p role="status">{headline}</p>
      <dl className="report-counts">
        {COUNTS.map((key) => (
          <div key={key} data-count={key}>
            <dt>{t(`imports.count.${key}` as MessageKey)}</dt>
            <dd>{count(report[key])}</dd>
          </div>
        ))}
      </dl>
      {report.warnings.length > 0 && (
        <>
          <h4>{t('imports.warnings')}</h4>
          <ul className="report-warnings">
            {report.warnings.map((w) => (
              <li key={w} dir="auto">
                {w}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.rejected.length > 0 && (
        <>
          <h4 id={`${id}-rejected`}>{t('imports.rejectedTitle', { count: formatInteger(report.rejected_rows) })}</h4>
          <div className="table-scroll">
            <table className="stack-table rejected-table" aria-labelledby={`${id}-rejected`}>
              <thead>
                <tr>
                  <th scope="col">{t('imports.line')}</th>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.value')}</th>
                  <th scope="col">{t('imports.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((r, i) => (
                  <tr key={`${r.line}:${r.column ?? ''}:${i}`}>
                    <th scope="row" data-label={t('imports.line')}>
                      {formatInteger(r.line)}
                    </th>
                    <td data-label={t('imports.column')} dir="auto">
                      {r.column ?? '—'}
                    </td>
                    <td data-label={t('imports.value')} className="cell-value" dir="auto">
                      {r.value ?? '—'}
                    </td>
                    <td data-label={t('imports.reason')} dir="auto">
                      {r.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {report.skips.length > 0 && (
        <>
          <h4>{t('imports.skipsTitle')}</h4>
          <ul className="report-notes">
            {report.skips.map((s, i) => (
              <li key={`${s.line}:${i}`}>{t('imports.lineNote', { line: formatInteger(s.line), reason: s.reason })}</li>
            ))}
          </ul>
        </>
      )}
      {report.unplaced.length > 0 && (
        <>
          <h4>{t('imports.unplacedTitle')}</h4>
          <ul className="report-notes">
            {report.unplaced.map((s, i) => (
              <li key={`${s.line}:${i}`}>{t('imports.lineNote', { line: formatInteger(s.line), reason: s.reason })}</li>
            ))}
          </ul>
        </>
      )}
      {report.unknown_actors.length > 0 && (
        <>
          <h4>{t('imports.unknownActors')}</h4>
          <ul className="report-notes">
            {report.unknown_actors.map((a) => (
              <li key={a.actor}>{t('imports.actorRows', { actor: a.actor, rows: formatInteger(a.rows) })}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function BatchRow({ batch, onUndone }: { batch: ImportBatch; onUndone: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const r = batch.report;
  const undo = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await undoImportBatch(batch.id);
      setConfirming(false);
      onUndone(t('imports.undone', { batch: batch.id, removed: count(answer.undone.removed), restored: count(answer.undone.restored) }));
    } catch (error) {
      setProblem(t('imports.undoFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-batch={batch.id}>
      <th scope="row" data-label={t('imports.batch')}>
        {formatInteger(batch.id)}
      </th>
      <td data-label={t('imports.fileColumn')} className="cell-file" title={batch.file}>
        {/* The server's path says nothing to the reader; the file's name does. */}
        {batch.file.split(/[\\/]/).pop()}
        <span className="cell-note"> · {batch.format}</span>
      </td>
      <td data-label={t('imports.when')}>{batch.created_at.replace('T', ' ').slice(0, 16)}</td>
      <td data-label={t('imports.count.imported')} className="numeric">
        {count(r.imported)}
      </td>
      <td data-label={t('imports.count.updated')} className="numeric">
        {count(r.updated)}
      </td>
      <td data-label={t('imports.count.unchanged')} className="numeric">
        {count(r.unchanged)}
      </td>
      <td data-label={t('imports.count.skipped')} className="numeric">
        {count(r.skipped)}
      </td>
      <td data-label={t('imports.count.rejected_rows')} className="numeric">
        {count(r.rejected_rows)}
      </td>
      <td data-label={t('imports.status')}>
        {batch.status === 'applied' ? t('imports.statusApplied') : batch.undone_at ? t('imports.statusUndone', { date: batch.undone_at.slice(0, 10) }) : batch.status}
        {batch.status === 'applied' && !confirming && (
          <div>
            <button type="button" className="button button-small" onClick={() => setConfirming(true)}>
              {t('imports.undo', { batch: batch.id })}
            </button>
          </div>
        )}
        {confirming && (
          <div className="confirm-panel" role="group" aria-label={t('imports.undoConfirmLabel', { batch: batch.id })}>
            <p>{t(batch.kind === 'incidents' ? 'imports.undoConfirm' : 'imports.undoConfirmOther', { batch: batch.id })}</p>
            <button type="button" className="button button-danger button-small" disabled={busy} onClick={() => void undo()}>
              {t('imports.undoFinal')}
            </button>{' '}
            <button type="button" className="button button-small" onClick={() => setConfirming(false)}>
              {t('entry.cancel')}
            </button>
          </div>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </td>
    </tr>
  );
}

function BatchList({ version, onChanged }: { version: number; onChanged: () => void }) {
  const id = useId();
  const { result, latest, retry } = useApi(`batches:${version}`, (signal) => listImportBatches(signal));
  const [message, setMessage] = useState<string | null>(null);
  const batches = result.state === 'ready' ? result.data : latest;
  return (
    <section aria-labelledby={`${id}-batches`} className="batches">
      <h2 id={`${id}-batches`}>{t('imports.batchesTitle')}</h2>
      {message && (
        <p className="notice notice-success" role="status">
          {message}
        </p>
      )}
      {result.state === 'error' && (
        <LoadError message={t('imports.batchesFailed', { message: result.error.message })} onRetry={retry} />
      )}
      {!batches && result.state === 'loading' && <Loading message={t('imports.batchesLoading')} />}
      {batches && batches.length === 0 && <p>{t('imports.noBatches')}</p>}
      {batches && batches.length > 0 && (
        <table className="stack-table batches-table">
          <caption className="visually-hidden">{t('imports.batchesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('imports.batch')}</th>
              <th scope="col">{t('imports.fileColumn')}</th>
              <th scope="col">{t('imports.when')}</th>
              <th scope="col" className="numeric">
                {t('imports.count.imported')}
              </th>
              <th scope="col" className="numeric">
                {t('imports.count.updated')}
              </th>
              <th scope="col" className="numeric">
                {t('imports.count.unchanged')}
              </th>
              <th scope="col" className="numeric">
                {t('imports.count.skipped')}
              </th>
              <th scope="col" className="numeric">
                {t('imports.count.rejected_rows')}
              </th>
              <th scope="col">{t('imports.status')}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <BatchRow
                key={b.id}
                batch={b}
                onUndone={(text) => {
                  setMessage(text);
                  onChanged();
                }}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ImportsPage() {
  usePageTitle(t('imports.title'));
  const [version, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  return (
    <div className="imports-page">
      <h1>{t('imports.title')}</h1>
      <p className="intro">{t('imports.intro')}</p>
      <UploadForm onImported={bump} />
      <BatchList version={version} onChanged={bump} />
    </div>
  );
}
