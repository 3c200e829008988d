import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { agencies, MIN_PASSWORD_LENGTH, type Agency, type SessionStatus } from '../../../shared/contract/index.js';
import { useClient } from '../../api-context.js';
import { ConnectionIndicator } from '../../shell/ConnectionIndicator.js';
import { LanguageSwitch } from '../../shell/LanguageSwitch.js';
import { refusalText } from './refusal-text.js';
import type { SignInOutcome } from './use-session.js';

interface Props {
  status: Extract<SessionStatus, { signedIn: false }>;
  onSignedIn: (outcome: SignInOutcome) => void;
}

/** Operator id and password; on a console without an administrator, the form that creates the first one. */
export function SignInScreen({ status, onSignedIn }: Props) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <main className="sign-in" data-testid="sign-in-screen">
      <div className="sign-in__tools">
        <ConnectionIndicator />
        <LanguageSwitch />
      </div>
      {creating ? (
        <FirstAdminForm onSignedIn={onSignedIn} onBack={() => setCreating(false)} />
      ) : (
        <SignInForm status={status} onSignedIn={onSignedIn} />
      )}
      {status.firstRun && !creating && (
        <button type="button" className="sign-in__first-run" data-testid="first-run-offer" onClick={() => setCreating(true)}>
          {t('session.firstRunOffer')}
        </button>
      )}
    </main>
  );
}

function SignInForm({ status, onSignedIn }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [operatorId, setOperatorId] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (operatorId.trim() === '') {
      setMessage(t('session.invalid.operator_required'));
      return;
    }
    if (password === '') {
      setMessage(t('session.invalid.password_required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void client.call('session:signIn', { operatorId: operatorId.trim(), password }).then((result) => {
      setBusy(false);
      setPassword('');
      if (!result.ok) {
        setMessage(t(`callErrors.${result.error.code}`));
        return;
      }
      if (!result.value.ok) {
        setMessage(refusalText(t, result.value.refusal));
        return;
      }
      onSignedIn(result.value);
    });
  };

  return (
    <form className="sign-in__form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('session.signInTitle')}</h1>
      <p className="sign-in__hint">{t(status.mode === 'training' ? 'session.trainingHint' : 'session.gatewayHint')}</p>
      <label htmlFor={`${id}-operator`}>{t('session.operatorId')}</label>
      <input id={`${id}-operator`} data-testid="sign-in-operator" autoComplete="username" autoFocus value={operatorId} onChange={(event) => setOperatorId(event.target.value)} />
      <label htmlFor={`${id}-password`}>{t('session.password')}</label>
      <input id={`${id}-password`} data-testid="sign-in-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      {message !== null && (
        <p className="sign-in__error" role="alert" data-testid="sign-in-error">
          {message}
        </p>
      )}
      <button type="submit" data-testid="sign-in-submit" disabled={busy}>
        {busy ? t('session.signingIn') : t('session.signIn')}
      </button>
    </form>
  );
}

function FirstAdminForm({ onSignedIn, onBack }: { onSignedIn: (outcome: SignInOutcome) => void; onBack: () => void }) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [operatorId, setOperatorId] = useState('');
  const [name, setName] = useState('');
  const [agency, setAgency] = useState<Agency>('customs');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    const problem =
      operatorId.trim() === ''
        ? t('session.invalid.operator_required')
        : name.trim() === ''
          ? t('session.invalid.name_required')
          : password.length < MIN_PASSWORD_LENGTH
            ? t('session.invalid.password_short', { min: MIN_PASSWORD_LENGTH })
            : password !== again
              ? t('session.invalid.password_mismatch')
              : null;
    if (problem !== null) {
      setMessage(problem);
      return;
    }
    setBusy(true);
    setMessage(null);
    void client.call('session:createFirstAdmin', { operatorId: operatorId.trim(), name: name.trim(), agency, password }).then((result) => {
      setBusy(false);
      if (!result.ok) {
        setMessage(`${t(`callErrors.${result.error.code}`)} ${result.error.message}`);
        return;
      }
      onSignedIn(result.value);
    });
  };

  return (
    <form className="sign-in__form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="first-run-form">
      <h1 id={`${id}-title`}>{t('session.firstRunTitle')}</h1>
      <p className="sign-in__hint">{t('session.firstRunIntro', { min: MIN_PASSWORD_LENGTH })}</p>
      <label htmlFor={`${id}-operator`}>{t('session.operatorId')}</label>
      <input id={`${id}-operator`} data-testid="first-run-operator" autoComplete="username" value={operatorId} onChange={(event) => setOperatorId(event.target.value)} />
      <label htmlFor={`${id}-name`}>{t('session.name')}</label>
      <input id={`${id}-name`} data-testid="first-run-name" value={name} onChange={(event) => setName(event.target.value)} />
      <label htmlFor={`${id}-agency`}>{t('session.agency')}</label>
      <select id={`${id}-agency`} data-testid="first-run-agency" value={agency} onChange={(event) => setAgency(event.target.value as Agency)}>
        {agencies.map((value) => (
          <option key={value} value={value}>
            {t(`session.agencies.${value}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-password`}>{t('session.password')}</label>
      <input id={`${id}-password`} data-testid="first-run-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      <label htmlFor={`${id}-again`}>{t('session.passwordAgain')}</label>
      <input id={`${id}-again`} data-testid="first-run-again" type="password" autoComplete="new-password" value={again} onChange={(event) => setAgain(event.target.value)} />
      {message !== null && (
        <p className="sign-in__error" role="alert" data-testid="first-run-error">
          {message}
        </p>
      )}
      <div className="sign-in__actions">
        <button type="submit" data-testid="first-run-submit" disabled={busy}>
          {busy ? t('session.creating') : t('session.create')}
        </button>
        <button type="button" onClick={onBack}>
          {t('session.backToSignIn')}
        </button>
      </div>
    </form>
  );
}
