import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDetail } from '../../../shared/contract/index.js';
import { currentLanguage } from '../../i18n/index.js';
import { placeName } from '../task-detail/places.js';
import { officerAnswerText } from './answer-text.js';
import type { Inspection } from './use-inspection.js';

interface Props {
  start: Inspection['start'];
  /** The task's earlier inspections along the corridor: one may be recognised instead of inspecting again. */
  priors: TaskDetail['priorInspections'];
  onCancel: () => void;
}

/**
 * Before the first save: the second officer present signs in on this workstation (issue 8, point 4:
 * at least two officers, each authenticated here). A refusal is said in words and the dialog stays.
 * When the goods were inspected earlier on the corridor, the officers may choose to recognise that
 * inspection (outcome not_inspected) instead; it still takes both of them.
 */
export function StartDialog({ start, priors, onCancel }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [operatorId, setOperatorId] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [recognizes, setRecognizes] = useState('');
  const english = currentLanguage() === 'en';

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (operatorId.trim() === '' || password === '') {
      setMessage(t('inspection.start.required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void start({ operatorId: operatorId.trim(), password }, recognizes === '' ? undefined : recognizes).then((answer) => {
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
      {priors.length > 0 && (
        <>
          <label htmlFor={`${id}-mode`}>{t('inspection.start.mode')}</label>
          <select id={`${id}-mode`} data-testid="inspection-start-mode" value={recognizes} onChange={(event) => setRecognizes(event.target.value)}>
            <option value="">{t('inspection.start.inspect')}</option>
            {priors.map((prior) => (
              <option key={prior.resultId} value={prior.resultId}>
                {t('inspection.start.recognize', { site: placeName(prior.siteId, english), time: new Date(prior.at).toLocaleString() })}
              </option>
            ))}
          </select>
        </>
      )}
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
