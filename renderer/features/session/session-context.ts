import { createContext, useContext } from 'react';
import type { Role, SessionStatus } from '../../../shared/contract/index.js';

export type SignedInStatus = Extract<SessionStatus, { signedIn: true }>;

export interface SignedInSession {
  status: SignedInStatus;
  signOut: () => void;
}

/** The signed-in session, for the shell (who, sign out) and what the roles let the screen show. */
export const SessionContext = createContext<SignedInSession | null>(null);

export function useSignedIn(): SignedInSession | null {
  return useContext(SessionContext);
}

/**
 * Whether the session holds one of `roles`; true without a session (the App rendered on its own, as
 * tests do). Only hides things: the core refuses what the roles do not allow either way.
 */
export function useHasRole(...roles: readonly Role[]): boolean {
  const session = useSignedIn();
  return session === null || roles.some((role) => session.status.roles.includes(role));
}
