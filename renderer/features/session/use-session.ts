import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallError, MethodOutput, SessionStatus } from '../../../shared/contract/index.js';
import { useClient, useConnection } from '../../api-context.js';

/** How often the screen asks the core whether its session is still open (session:status does not count as use). */
export const SESSION_POLL_MS = 15_000;

export type SignInOutcome = MethodOutput<'session:signIn'>;

export interface SessionState {
  status: SessionStatus | null;
  error: CallError | null;
  refresh: () => void;
  /** Takes the session from a sign-in, unlock or first-admin answer. */
  accept: (outcome: SignInOutcome) => void;
  signOut: () => void;
}

/**
 * The channel's session as the core sees it, read on mount, whenever the channel (re)connects (a
 * new channel starts signed out) and every SESSION_POLL_MS, so an idle lock shows without a click.
 */
export function useSession(pollMs = SESSION_POLL_MS): SessionState {
  const client = useClient();
  const connection = useConnection();
  const [status, setStatus] = useState<SessionStatus | null>(null);
  const [error, setError] = useState<CallError | null>(null);
  const generation = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++generation.current;
    void client.call('session:status', {}).then((result) => {
      if (mine !== generation.current) return;
      if (result.ok) {
        setStatus(result.value);
        setError(null);
      } else {
        setError(result.error);
      }
    });
  }, [client]);

  useEffect(() => {
    if (connection === 'connected' || connection === 'connecting') refresh();
    const timer = setInterval(refresh, pollMs);
    return () => clearInterval(timer);
  }, [refresh, connection, pollMs]);

  const accept = useCallback((outcome: SignInOutcome) => {
    if (!outcome.ok) return;
    generation.current += 1;
    setStatus(outcome.session);
    setError(null);
  }, []);

  const signOut = useCallback(() => {
    const mine = ++generation.current;
    void client.call('session:signOut', {}).then((result) => {
      if (mine === generation.current && result.ok) setStatus(result.value);
    });
  }, [client]);

  return { status, error, refresh, accept, signOut };
}
