import { fail, methods, ok, wallEvents, type EventName, type MethodName, type Result, type SessionStatus } from '../../../shared/contract/index.js';
import type { AccountRepository, StoredAccount } from '../db/account-repository.js';
import type { Logger } from '../log.js';
import type { Caller, CallerSource } from '../router.js';
import type { PasswordCheck, PasswordChecker } from './password-check.js';

export interface ChannelSessionDeps {
  accounts: AccountRepository;
  checker: PasswordChecker;
  /** Whether the console is in training mode now. */
  inTraining: () => boolean;
  clock: () => number;
  log: Logger;
  /**
   * A wall display's channel (opened with the headless host's wall token): signed in as the `wall`
   * role from the start, with no account, for as long as it is open; it cannot sign in as anyone.
   */
  wall?: boolean;
}

interface SignedIn {
  readonly operatorId: string;
  locked: boolean;
  /** The last call that counted as use (any call but app:info and the session's own). */
  lastUseAt: number;
}

/** Calls that change who is signed in on the channel: calls arriving meanwhile wait for their outcome. */
const CHANGES_SESSION: ReadonlySet<MethodName> = new Set(['session:signIn', 'session:unlock', 'session:createFirstAdmin', 'session:signOut']);

/**
 * The session of one channel (a window's MessagePort, a tab's WebSocket, a forked core's IPC): it
 * starts signed out, and the router asks it for the caller at every call. Roles are read from the
 * account at each call, so an admin's change (roles, disabled) applies to sessions already open;
 * a training account's session ends when the console leaves training mode. After the idle-lock time
 * without use the session locks: calls answer `locked` until session:unlock by the same account.
 */
export class ChannelSession implements CallerSource {
  private state: SignedIn | null = null;
  /** The sign-in (or unlock) being checked: a call sent right behind it is answered after it. */
  private settling: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ChannelSessionDeps) {}

  async call(method: MethodName, run: (caller: Caller) => Promise<Result<unknown>>): Promise<Result<unknown>> {
    if (this.deps.wall) {
      // Checked here, not only in the router: the session's own calls (sign-in…) skip the role check there.
      const roles: readonly string[] = methods[method].roles;
      if (!roles.includes('wall')) {
        this.deps.log.warn('call refused: wall display', { method });
        return fail('forbidden', `${method} is not allowed for a wall display (read-only)`);
      }
      return run({ roles: ['wall'], channel: this });
    }
    if (methods[method].signedOut) {
      const work = run(this.openCaller());
      if (CHANGES_SESSION.has(method)) this.settling = Promise.all([this.settling, work.catch(() => undefined)]);
      return work;
    }
    await this.settling;
    const caller = this.signedInCaller();
    if (!caller.ok) return caller;
    if (this.state) this.state.lastUseAt = this.deps.clock();
    return run(caller.value);
  }

  /**
   * Whether the channel may hear an event, without reading the account: a signed-out channel hears
   * nothing of the console's work, a wall only the events its screen shows.
   */
  hears(event: EventName): boolean {
    if (this.deps.wall) return wallEvents.has(event);
    return this.state !== null;
  }

  status(): SessionStatus {
    const mode = this.deps.inTraining() ? 'training' : 'gateway';
    if (this.deps.wall) return { signedIn: 'wall', roles: ['wall'], mode };
    const account = this.liveAccount();
    if (!this.state || !account) return { signedIn: false, firstRun: this.deps.accounts.realAdminCount() === 0, mode };
    this.lockIfIdle(this.state);
    return {
      signedIn: true,
      operatorId: account.operatorId,
      name: account.name,
      roles: account.roles,
      agency: account.agency,
      training: account.training,
      locked: this.state.locked,
      idleLockMinutes: this.deps.accounts.idleLockMinutes(),
      mode,
    };
  }

  async signIn(operatorId: string, password: string): Promise<PasswordCheck> {
    const check = await this.deps.checker.check(operatorId, password, 'session.signed_in');
    if (check.ok) this.begin(check.account.operatorId);
    return check;
  }

  /** Binds the channel to an account whose sign-in was already recorded (the first admin, just created). */
  begin(operatorId: string): void {
    this.state = { operatorId, locked: false, lastUseAt: this.deps.clock() };
    this.deps.log.info('signed in', { operatorId });
  }

  /** Opens an idle-locked session with its own account's password; a lockout or disabled account ends it. */
  async unlock(password: string): Promise<PasswordCheck | null> {
    const state = this.state;
    if (!state) return null;
    const check = await this.deps.checker.check(state.operatorId, password, 'session.unlocked');
    if (this.state !== state) return check;
    if (check.ok) {
      state.locked = false;
      state.lastUseAt = this.deps.clock();
    } else if (check.refusal.reason !== 'wrong_credentials') {
      this.end('its account cannot sign in now');
    }
    return check;
  }

  signOut(): void {
    const state = this.state;
    if (!state) return;
    this.deps.accounts.recordEvent(state.operatorId, 'session.signed_out');
    this.end('signed out');
  }

  /** Who the session's own calls run as: no roles while signed out or locked. */
  private openCaller(): Caller {
    const account = this.state && !this.state.locked ? this.liveAccount() : null;
    return account ? { roles: account.roles, operatorId: account.operatorId, channel: this } : { roles: [], channel: this };
  }

  private signedInCaller(): Result<Caller> {
    const state = this.state;
    if (!state) return fail('unauthenticated', 'sign in first: a channel that is signed out gets answers only to app:info and the session calls');
    const account = this.liveAccount();
    if (!account) return fail('unauthenticated', 'the session ended: its account is disabled, removed, or a training account outside training mode; sign in again');
    if (this.lockIfIdle(state)) {
      return fail('locked', `the session is locked after ${this.deps.accounts.idleLockMinutes()} minutes without use; unlock it with the same account's password`);
    }
    return ok({ roles: account.roles, operatorId: account.operatorId, channel: this });
  }

  /** The signed-in account if it may still use the console; otherwise the session ends here. */
  private liveAccount(): StoredAccount | null {
    if (!this.state) return null;
    const account = this.deps.accounts.find(this.state.operatorId);
    if (account && !account.disabled && (!account.training || this.deps.inTraining())) return account;
    this.end(account ? (account.disabled ? 'account disabled' : 'training account outside training mode') : 'account removed');
    return null;
  }

  private lockIfIdle(state: SignedIn): boolean {
    if (state.locked) return true;
    const idleMs = this.deps.accounts.idleLockMinutes() * 60_000;
    if (this.deps.clock() - state.lastUseAt < idleMs) return false;
    state.locked = true;
    this.deps.accounts.recordEvent(state.operatorId, 'session.idle_locked');
    this.deps.log.info('session locked after idle time', { operatorId: state.operatorId });
    return true;
  }

  private end(why: string): void {
    if (this.state) this.deps.log.info('session ended', { operatorId: this.state.operatorId, why });
    this.state = null;
  }
}
