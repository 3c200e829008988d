import type { Database as Sqlite } from 'better-sqlite3';
import type { Account, Agency, Role } from '../../../shared/contract/index.js';
import type { JsonObject } from '../audit/canonical-json.js';
import { AuditRepository } from './audit-repository.js';
import { StatementCache } from './statement-cache.js';

/**
 * Local accounts (migration 006) and the idle-lock setting. Every change is appended to the audit
 * chain in the same transaction as the change itself, by the operator who made it. Password hashes
 * are made and checked outside (auth/password-hash.ts, async); this class only stores them and never
 * hands one to the log or to the contract (`toAccount` drops it).
 */
export interface StoredAccount {
  operatorId: string;
  name: string;
  roles: Role[];
  agency: Agency;
  disabled: boolean;
  training: boolean;
  passwordHash: string;
  failedAttempts: number;
  /** ms since epoch; null when not locked. */
  lockedUntil: number | null;
}

export interface NewAccount {
  operatorId: string;
  name: string;
  roles: readonly Role[];
  agency: Agency;
  passwordHash: string;
  training?: boolean;
}

export interface AccountChange {
  name?: string;
  roles?: readonly Role[];
  agency?: Agency;
  disabled?: boolean;
}

/** What a wrong password did to the account: its count, and the lock it set when the count reached the limit. */
export interface FailureOutcome {
  failedAttempts: number;
  lockedUntil: number | null;
  lockedNow: boolean;
}

export class AccountExistsError extends Error {}

const IDLE_LOCK_KEY = 'session.idleLockMinutes';
export const DEFAULT_IDLE_LOCK_MINUTES = 15;

interface AccountRow {
  operator_id: string;
  name: string;
  agency: Agency;
  disabled: number;
  training: number;
  password_hash: string;
  failed_attempts: number;
  locked_until: number | null;
  roles: string;
}

const SELECT_ACCOUNTS = `SELECT a.operator_id, a.name, a.agency, a.disabled, a.training, a.password_hash, a.failed_attempts, a.locked_until,
    (SELECT group_concat(role, ',') FROM (SELECT role FROM account_roles r WHERE r.operator_id = a.operator_id ORDER BY role)) AS roles
  FROM accounts a`;

export class AccountRepository {
  private readonly statements: StatementCache;
  private readonly audit: AuditRepository;

  constructor(
    private readonly connection: Sqlite,
    private readonly clock: () => number,
  ) {
    this.statements = new StatementCache(connection);
    this.audit = new AuditRepository(connection, clock);
  }

  find(operatorId: string): StoredAccount | null {
    const row = this.statements.get(`${SELECT_ACCOUNTS} WHERE a.operator_id = ?`).get(operatorId) as AccountRow | undefined;
    return row ? fromRow(row) : null;
  }

  list(): StoredAccount[] {
    return (this.statements.get(`${SELECT_ACCOUNTS} ORDER BY a.training, a.operator_id`).all() as AccountRow[]).map(fromRow);
  }

  /** Enabled admins that are not training accounts: none means the console is at its first run. */
  realAdminCount(): number {
    const row = this.statements
      .get(`SELECT count(*) AS n FROM accounts a JOIN account_roles r ON r.operator_id = a.operator_id AND r.role = 'admin' WHERE a.disabled = 0 AND a.training = 0`)
      .get() as { n: number };
    return row.n;
  }

  /** Creates an account; throws AccountExistsError when the operator id is taken, or what `precondition` throws inside the transaction. */
  create(account: NewAccount, actor: string, precondition?: () => void): StoredAccount {
    return this.inTransaction(() => {
      precondition?.();
      if (this.find(account.operatorId)) throw new AccountExistsError(`an account ${account.operatorId} already exists`);
      this.insert(account);
      this.record(actor, 'account.created', { operatorId: account.operatorId, roles: [...account.roles], agency: account.agency, training: account.training === true });
      return this.mustFind(account.operatorId);
    });
  }

  /** Creates those of `accounts` that do not exist yet, in one transaction (the training accounts at start). */
  ensure(accounts: readonly NewAccount[], actor: string): number {
    return this.inTransaction(() => {
      let created = 0;
      for (const account of accounts) {
        if (this.find(account.operatorId)) continue;
        this.insert(account);
        this.record(actor, 'account.created', { operatorId: account.operatorId, roles: [...account.roles], agency: account.agency, training: account.training === true });
        created += 1;
      }
      return created;
    });
  }

  /**
   * Applies a change after `check` has seen the account as it is inside the transaction (the
   * last-admin rule must read what it protects in the same transaction that changes it).
   */
  update(operatorId: string, change: AccountChange, actor: string, check: (before: StoredAccount, after: StoredAccount) => void): StoredAccount {
    return this.inTransaction(() => {
      const before = this.mustFind(operatorId);
      const after: StoredAccount = {
        ...before,
        ...(change.name === undefined ? {} : { name: change.name }),
        ...(change.roles === undefined ? {} : { roles: [...change.roles].sort() }),
        ...(change.agency === undefined ? {} : { agency: change.agency }),
        ...(change.disabled === undefined ? {} : { disabled: change.disabled }),
      };
      check(before, after);
      this.statements
        .get('UPDATE accounts SET name = ?, agency = ?, disabled = ?, updated_at = ? WHERE operator_id = ?')
        .run(after.name, after.agency, after.disabled ? 1 : 0, this.now(), operatorId);
      if (change.roles !== undefined) this.writeRoles(operatorId, change.roles);
      this.record(actor, 'account.updated', { operatorId, ...changedFields(before, after) });
      return this.mustFind(operatorId);
    });
  }

  /** Stores a new hash; `reason` says why (reset by an admin, changed by its owner, rehashed with new parameters). */
  setPasswordHash(operatorId: string, passwordHash: string, actor: string, reason: 'reset' | 'changed' | 'rehashed'): StoredAccount {
    return this.inTransaction(() => {
      this.mustFind(operatorId);
      this.statements.get('UPDATE accounts SET password_hash = ?, updated_at = ? WHERE operator_id = ?').run(passwordHash, this.now(), operatorId);
      this.record(actor, 'account.password_set', { operatorId, reason });
      return this.mustFind(operatorId);
    });
  }

  /** A right password: the count of wrong ones starts again; the sign-in (or unlock) is recorded. */
  recordSuccess(operatorId: string, action: 'session.signed_in' | 'session.unlocked' | 'session.officer_verified'): void {
    this.inTransaction(() => {
      this.statements.get('UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE operator_id = ?').run(operatorId);
      this.record(operatorId, action, {});
    });
  }

  /**
   * A refused password or account, recorded; for an existing account a wrong password counts, and
   * the `maxFailures`-th in a row locks it for `lockMs` (the count then starts again).
   */
  recordRefusal(operatorId: string, reason: string, policy: { maxFailures: number; lockMs: number } | null): FailureOutcome | null {
    return this.inTransaction(() => {
      const account = this.find(operatorId);
      // The typed id of an unknown account is not a person: the refusal is recorded under `unknown`.
      this.record(account ? operatorId : 'unknown', 'session.sign_in_refused', { operatorId, reason });
      if (!account || !policy) return null;
      const failedAttempts = account.failedAttempts + 1;
      if (failedAttempts < policy.maxFailures) {
        this.statements.get('UPDATE accounts SET failed_attempts = ? WHERE operator_id = ?').run(failedAttempts, operatorId);
        return { failedAttempts, lockedUntil: null, lockedNow: false };
      }
      const lockedUntil = this.clock() + policy.lockMs;
      this.statements.get('UPDATE accounts SET failed_attempts = 0, locked_until = ? WHERE operator_id = ?').run(lockedUntil, operatorId);
      this.record(operatorId, 'account.locked_out', { operatorId, failedAttempts, lockedUntil: new Date(lockedUntil).toISOString() });
      return { failedAttempts, lockedUntil, lockedNow: true };
    });
  }

  /** An admin lifts a lockout before its time. */
  unlock(operatorId: string, actor: string): StoredAccount {
    return this.inTransaction(() => {
      this.mustFind(operatorId);
      this.statements.get('UPDATE accounts SET failed_attempts = 0, locked_until = NULL WHERE operator_id = ?').run(operatorId);
      this.record(actor, 'account.unlocked', { operatorId });
      return this.mustFind(operatorId);
    });
  }

  /** A session event with no row to change (sign-out, idle lock), recorded on its own. */
  recordEvent(actor: string, action: 'session.signed_out' | 'session.idle_locked'): void {
    this.inTransaction(() => {
      this.record(actor, action, {});
    });
  }

  idleLockMinutes(): number {
    const row = this.statements.get('SELECT value FROM settings WHERE key = ?').get(IDLE_LOCK_KEY) as { value: string } | undefined;
    const minutes = Number(row?.value);
    return Number.isSafeInteger(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_LOCK_MINUTES;
  }

  setIdleLockMinutes(minutes: number, actor: string): void {
    this.inTransaction(() => {
      const before = this.idleLockMinutes();
      this.statements
        .get('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(IDLE_LOCK_KEY, String(minutes));
      if (before !== minutes) this.record(actor, 'settings.idle_lock_changed', { from: before, to: minutes });
    });
  }

  private insert(account: NewAccount): void {
    const now = this.now();
    this.statements
      .get('INSERT INTO accounts (operator_id, name, agency, training, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(account.operatorId, account.name, account.agency, account.training ? 1 : 0, account.passwordHash, now, now);
    this.writeRoles(account.operatorId, account.roles);
  }

  private writeRoles(operatorId: string, roles: readonly Role[]): void {
    this.statements.get('DELETE FROM account_roles WHERE operator_id = ?').run(operatorId);
    const insert = this.statements.get('INSERT INTO account_roles (operator_id, role) VALUES (?, ?)');
    for (const role of new Set(roles)) insert.run(operatorId, role);
  }

  private mustFind(operatorId: string): StoredAccount {
    const account = this.find(operatorId);
    if (!account) throw new AccountNotFoundError(`no account ${operatorId}`);
    return account;
  }

  private record(actor: string, action: string, details: JsonObject): void {
    this.audit.append({ actor, action, details });
  }

  private inTransaction<T>(work: () => T): T {
    return this.connection.transaction(work)();
  }

  private now(): string {
    return new Date(this.clock()).toISOString();
  }
}

export class AccountNotFoundError extends Error {}

/** An account as the contract shows it: never its hash. */
export function toAccount(account: StoredAccount, now: number): Account {
  return {
    operatorId: account.operatorId,
    name: account.name,
    roles: account.roles,
    agency: account.agency,
    disabled: account.disabled,
    training: account.training,
    lockedUntil: account.lockedUntil !== null && account.lockedUntil > now ? new Date(account.lockedUntil).toISOString() : null,
  };
}

function fromRow(row: AccountRow): StoredAccount {
  return {
    operatorId: row.operator_id,
    name: row.name,
    roles: row.roles ? (row.roles.split(',') as Role[]) : [],
    agency: row.agency,
    disabled: row.disabled === 1,
    training: row.training === 1,
    passwordHash: row.password_hash,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  };
}

function changedFields(before: StoredAccount, after: StoredAccount): JsonObject {
  const changed: JsonObject = {};
  if (before.name !== after.name) changed.name = after.name;
  if (before.agency !== after.agency) changed.agency = after.agency;
  if (before.disabled !== after.disabled) changed.disabled = after.disabled;
  if (before.roles.join(',') !== after.roles.join(',')) changed.roles = [...after.roles];
  return changed;
}
