import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LockScreen } from './LockScreen.js';
import { SessionContext } from './session-context.js';
import { SignInScreen } from './SignInScreen.js';
import { useSession } from './use-session.js';
import { WallScreen } from '../wall/WallScreen.js';

/**
 * What the window shows before the console: the sign-in (the channel starts signed out), the console
 * once signed in, and the lock screen over it when the core locked the idle session. The console
 * stays mounted under the lock, so whatever was on screen is there after unlocking. A wall display's
 * channel (the host's wall address) is signed in without an account and gets the wall layout.
 */
export function SessionGate({ children, pollMs }: { children: ReactNode; /** Tests poll faster than the default. */ pollMs?: number }) {
  const { t } = useTranslation();
  const session = useSession(pollMs);
  const { status, error } = session;
  if (status === null) {
    return (
      <main className="sign-in" data-testid="session-loading">
        {error === null ? (
          <p>{t('session.loading')}</p>
        ) : (
          <p role="alert" title={`${error.code}: ${error.message}`}>
            {t('session.statusFailed')} · {t(`callErrors.${error.code}`)}{' '}
            <button type="button" onClick={session.refresh}>
              {t('session.retry')}
            </button>
          </p>
        )}
      </main>
    );
  }
  if (!status.signedIn) return <SignInScreen status={status} onSignedIn={session.accept} />;
  // A wall display's channel has no account and no console: the wall layout instead of the app.
  if (status.signedIn === 'wall') return <WallScreen />;
  return (
    <SessionContext value={{ status, signOut: session.signOut }}>
      <div inert={status.locked} className="session-console">
        {children}
      </div>
      {status.locked && <LockScreen status={status} onUnlocked={session.accept} onEnded={session.refresh} onSignOut={session.signOut} />}
    </SessionContext>
  );
}
