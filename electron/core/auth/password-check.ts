import { TRAINING_ACCOUNTS, type Refusal } from '../../../shared/contract/index.js';
import type { AccountRepository, StoredAccount } from '../db/account-repository.js';
import type { Logger } from '../log.js';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.js';

/** Wrong passwords in a row that lock an account, and for how long. */
export const MAX_FAILED_PASSWORDS = 5;
export const LOCKOUT_MINUTES = 15;

export type PasswordCheck = { ok: true; account: StoredAccount } | { ok: false; refusal: Refusal };

/** What a right password was for, as the audit chain records it. */
export type CheckPurpose = 'session.signed_in' | 'session.unlocked' | 'session.officer_verified';

export interface PasswordCheckerOptions {
  accounts: AccountRepository;
  /** Whether the console is in training mode now (training accounts sign in only then). */
  inTraining: () => boolean;
  clock: () => number;
  log: Logger;
}

/**
 * Every check of a typed password goes through here: sign-in, unlock, and the second officer's
 * signature (verifyOfficer). Each refusal is counted (wrong password), logged (never the password)
 * and written to the audit chain; the fifth wrong password in a row locks the account for
 * LOCKOUT_MINUTES, in the database, so a restart does not lift it.
 */
export class PasswordChecker {
  /** A hash with today's parameters that no password matches, checked for unknown ids so they take as long as known ones. */
  private readonly decoy: Promise<string>;
  private readonly trainingReady: Promise<void>;

  constructor(private readonly options: PasswordCheckerOptions) {
    this.decoy = hashPassword(`decoy-${Math.random()}`);
    // A failure is logged, never thrown at a caller: the real accounts still sign in without them.
    this.trainingReady = this.ensureTrainingAccounts().catch((error: unknown) => {
      options.log.error('training accounts could not be created', { error });
    });
  }

  /** Resolves once the simulator's training accounts exist in the database (created at first start). */
  ready(): Promise<void> {
    return this.trainingReady;
  }

  async check(operatorId: string, password: string, purpose: CheckPurpose): Promise<PasswordCheck> {
    await this.trainingReady;
    const { accounts, log, clock } = this.options;
    const account = accounts.find(operatorId);
    if (!account) {
      await verifyPassword(password, await this.decoy);
      return this.refuse(operatorId, 'wrong_credentials', false);
    }
    if (account.disabled) return this.refuse(operatorId, 'disabled', false);
    if (account.training && !this.options.inTraining()) return this.refuse(operatorId, 'training_only', false);
    if (account.lockedUntil !== null && account.lockedUntil > clock()) {
      return this.refuse(operatorId, 'account_locked', false, account.lockedUntil);
    }
    if (!(await verifyPassword(password, account.passwordHash))) return this.refuse(operatorId, 'wrong_credentials', true);
    if (needsRehash(account.passwordHash)) {
      // Parameters were raised since this hash was made: the right password is at hand, so store a stronger hash now.
      accounts.setPasswordHash(operatorId, await hashPassword(password), operatorId, 'rehashed');
      log.info('password rehashed with the current parameters', { operatorId });
    }
    accounts.recordSuccess(operatorId, purpose);
    return { ok: true, account: accounts.find(operatorId) ?? account };
  }

  private refuse(operatorId: string, reason: Refusal['reason'], counts: boolean, lockedUntil?: number): PasswordCheck {
    const { accounts, log } = this.options;
    const outcome = accounts.recordRefusal(operatorId, reason, counts ? { maxFailures: MAX_FAILED_PASSWORDS, lockMs: LOCKOUT_MINUTES * 60_000 } : null);
    log.warn('password refused', { operatorId, reason, failedAttempts: outcome?.failedAttempts });
    if (outcome?.lockedNow && outcome.lockedUntil !== null) {
      log.warn('account locked out after repeated wrong passwords', { operatorId, lockedUntil: new Date(outcome.lockedUntil).toISOString() });
      return { ok: false, refusal: { reason: 'account_locked', lockedUntil: new Date(outcome.lockedUntil).toISOString() } };
    }
    return { ok: false, refusal: lockedUntil === undefined ? { reason } : { reason, lockedUntil: new Date(lockedUntil).toISOString() } };
  }

  private async ensureTrainingAccounts(): Promise<void> {
    const { accounts, log } = this.options;
    const missing = TRAINING_ACCOUNTS.filter((account) => accounts.find(account.operatorId) === null);
    if (missing.length === 0) return;
    const rows = await Promise.all(
      missing.map(async (account) => ({
        operatorId: account.operatorId,
        name: account.name,
        roles: account.roles,
        agency: account.agency,
        training: true,
        passwordHash: await hashPassword(account.password),
      })),
    );
    const created = accounts.ensure(rows, 'system');
    log.info('training accounts created', { created });
  }
}
