import { useId, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from '../../api-context.js';
import { refusalText } from './refusal-text.js';
import type { SignedInStatus } from './session-context.js';
import type { SignInOutcome } from './use-session.js';

interface Props {
  status: SignedInStatus;
  onUnlocked: (outcome: SignInOutcome) => void;
  /** A lockout or a disabled account ends the session: the gate reads it again and shows the sign-in. */
  onEnded: () => void;
  onSignOut: () => void;
}

/** Over the console after the idle time: the same account's password opens it; what was on screen stays. */
export function LockScreen({ status, onUnlocked, onEnded, onSignOut }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const id = useId();
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (password === '') {
      setMessage(t('session.invalid.password_required'));
      return;
    }
    setBusy(true);
    setMessage(null);
    void client.call('session:unlock', { password }).then((result) => {
      setBusy(false);
      setPassword('');
      if (!result.ok) {
        setMessage(t(`callErrors.${result.error.code}`));
        if (result.error.code === 'unauthenticated') onEnded();
        return;
      }
      if (result.value.ok) {
        onUnlocked(result.value);
        return;
      }
      setMessage(refusalText(t, result.value.refusal));
      if (result.value.refusal.reason !== 'wrong_credentials') onEnded();
    });
  };

  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} data-testid="lock-screen">
      <form className="sign-in__form" onSubmit={submit}>
        <h1 id={`${id}-title`}>{t('session.lockedTitle')}</h1>
        <p className="sign-in__hint">{t('session.lockedIntro', { name: status.name, operatorId: status.operatorId, minutes: status.idleLockMinutes })}</p>
        <label htmlFor={`${id}-password`}>{t('session.password')}</label>
        <input id={`${id}-password`} data-testid="unlock-password" type="password" autoComplete="current-password" autoFocus value={password} onChange={(event) => setPassword(event.target.value)} />
        {message !== null && (
          <p className="sign-in__error" role="alert" data-testid="unlock-error">
            {message}
          </p>
        )}
        <div className="sign-in__actions">
          <button type="submit" data-testid="unlock-submit" disabled={busy}>
            {busy ? t('session.unlocking') : t('session.unlock')}
          </button>
          <button type="button" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        </div>
      </form>
    </div>
  );
}
