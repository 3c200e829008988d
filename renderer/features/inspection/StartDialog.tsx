import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { officerAnswerText } from './answer-text.js';
import type { Inspection } from './use-inspection.js';

/**
 * Before the first save: the second officer present signs in on this workstation (issue 8, point 4:
 * at least two officers, each authenticated here). A refusal is said in words and the dialog stays.
 */
export function StartDialog({ start, onCancel }: { start: Inspection['start']; onCancel: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [operatorId, setOperatorId] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (operatorId.trim() === '' || password === '') {
      setMessage(t('inspection.start.required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void start({ operatorId: operatorId.trim(), password }).then((answer) => {
      setBusy(false);
      setPassword('');
      setMessage(officerAnswerText(t, answer));
    });
  };

  return (
    <form className="inspection__start" role="dialog" aria-labelledby={`${id}-title`} data-testid="inspection-start" onSubmit={submit}>
      <h3 id={`${id}-title`}>{t('inspection.start.title')}</h3>
      <p>{t('inspection.start.intro')}</p>
      <label htmlFor={`${id}-operator`}>{t('inspection.start.operator')}</label>
      <input id={`${id}-operator`} data-testid="inspection-start-operator" autoComplete="off" autoFocus value={operatorId} onChange={(event) => setOperatorId(event.target.value)} />
      <label htmlFor={`${id}-password`}>{t('inspection.start.password')}</label>
      <input id={`${id}-password`} data-testid="inspection-start-password" type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />
      {message !== null && (
        <p className="inspection__error" role="alert" data-testid="inspection-start-error">
          {message}
        </p>
      )}
      <div className="inspection__actions">
        <button type="submit" className="button" data-testid="inspection-start-submit" disabled={busy}>
          {busy ? t('inspection.start.starting') : t('inspection.start.submit')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('inspection.start.cancel')}
        </button>
      </div>
    </form>
  );
}
