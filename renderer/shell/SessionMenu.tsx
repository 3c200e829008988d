import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../features/session/session-context.js';

/** Who is signed in (name, operator id, roles) and the account's sign-out; nothing without a session. */
export function SessionMenu() {
  const { t } = useTranslation();
  const session = useSignedIn();
  if (!session) return null;
  const { status } = session;
  const roles = status.roles.map((role) => t(`session.roles.${role}`)).join(t('settings.roleSeparator'));
  return (
    <div className="session-menu" data-testid="session-menu">
      <span className="session-menu__who" data-testid="session-who" title={roles}>
        {t('session.signedInAs', { name: status.name, operatorId: status.operatorId })}
        {status.training && <span className="session-menu__training"> · {t('session.training')}</span>}
      </span>
      <button type="button" className="sign-out" data-testid="session-sign-out" onClick={session.signOut}>
        {t('session.signOut')}
      </button>
    </div>
  );
}
