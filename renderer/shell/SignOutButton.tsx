import { useTranslation } from 'react-i18next';
import { useConnection, useSignOut } from '../api-context.js';

/**
 * Ends the headless host's session (the cookie is cleared and the host closes the socket). Shown
 * only in a browser over the host: Electron's window has no session to end.
 */
export function SignOutButton() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  const state = useConnection();
  if (!signOut || state === 'signedOut') return null;
  return (
    <button
      type="button"
      className="sign-out"
      data-testid="sign-out"
      onClick={() => {
        // A failed sign-out leaves the session as it was; the button stays for another try.
        signOut().catch(() => undefined);
      }}
    >
      {t('connection.signOut')}
    </button>
  );
}
