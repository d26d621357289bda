import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { WorkflowAction } from '../../../../core/workflow';
import { t } from '../../i18n';
import { actionLabel } from './ReportsShared';

/**
 * Asks why a report is returned (or reopened). A modal <dialog>: the browser keeps focus inside
 * it, Escape cancels, and focus goes back to the button that opened it.
 */
export function ReviewReasonDialog({
  action,
  subject,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  action: Extract<WorkflowAction, 'return' | 'reopen'>;
  /** What is being returned, in words ("Point 4, Punjab, 2026Q1"). */
  subject: string;
  busy: boolean;
  /** A problem from the server (the reason refused, or the report changed meanwhile). */
  error: string | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const id = useId();

  useEffect(() => {
    const element = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element?.showModal();
    return () => {
      element?.close();
      opener?.focus();
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMissing(true);
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    onConfirm(reason.trim());
  };

  const problem = missing ? t('review.reasonMissing') : error;
  return (
    <dialog
      ref={dialog}
      className="reason-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-subject`}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <form method="dialog" onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{action === 'return' ? t('review.returnTitle') : t('review.reopenTitle')}</h2>
        <p id={`${id}-subject`} className="reason-subject">
          {subject}
        </p>
        <div className="field">
          <label htmlFor={`${id}-reason`}>{t('review.reason')}</label>
          <textarea
            id={`${id}-reason`}
            rows={4}
            maxLength={2000}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setMissing(false);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${id}-hint${problem ? ` ${id}-error` : ''}`}
            // The dialog opens to write a reason: focus starts here.
            autoFocus
          />
          <span className="field-hint" id={`${id}-hint`}>
            {t('review.reasonHint')}
          </span>
          {problem && (
            <span className="field-error" id={`${id}-error`} role="alert">
              {problem}
            </span>
          )}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {actionLabel(action)}
          </button>
          <button type="button" className="button" onClick={onCancel} disabled={busy}>
            {t('review.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
