import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callErrorText } from './answer-text.js';
import type { Inspection } from './use-inspection.js';

/**
 * The way out of an inspection that should not go on (started by mistake, the task cancelled or
 * reassigned): the draft is withdrawn with a reason the core keeps in the audit log.
 */
export function DiscardDraft({ discard }: { discard: Inspection['discard'] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open) {
    return (
      <button type="button" className="button button--secondary" data-testid="inspection-discard" onClick={() => setOpen(true)}>
        {t('inspection.discard.button')}
      </button>
    );
  }
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (reason.trim() === '') {
      setMessage(t('inspection.discard.required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void discard(reason.trim()).then((error) => {
      setBusy(false);
      if (error !== null) setMessage(callErrorText(t, error));
    });
  };
  return (
    <form className="inspection__discard" onSubmit={submit}>
      <label>
        {t('inspection.discard.reason')}
        <textarea data-testid="inspection-discard-reason" autoFocus value={reason} onChange={(event) => setReason(event.target.value)} />
      </label>
      {message !== null && (
        <p className="inspection__error" role="alert" data-testid="inspection-discard-error">
          {message}
        </p>
      )}
      <div className="inspection__actions">
        <button type="submit" className="button button--danger" data-testid="inspection-discard-confirm" disabled={busy}>
          {t('inspection.discard.confirm')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          {t('inspection.discard.cancel')}
        </button>
      </div>
    </form>
  );
}
