import { AccountExistsError, AccountNotFoundError, toAccount, type AccountRepository, type StoredAccount } from '../db/account-repository.js';
import { CallFailure, type Caller, type Handlers } from '../router.js';
import type { PasswordChecker } from './password-check.js';
import { hashPassword } from './password-hash.js';

type AccountMethod = 'accounts:list' | 'accounts:create' | 'accounts:update' | 'accounts:setPassword' | 'accounts:unlock' | 'settings:setIdleLock';

/**
 * The admin's management of local accounts. The contract lets only admins call these (methods.ts),
 * except accounts:setPassword, which anyone may call for their own account with the old password;
 * the rules that depend on who is asking are checked here: the last enabled admin stays, nobody
 * disables themselves.
 */
export function createAccountHandlers(deps: { accounts: AccountRepository; checker: PasswordChecker; clock: () => number }): Pick<Handlers, AccountMethod> {
  const { accounts, clock } = deps;
  const shown = (account: StoredAccount) => toAccount(account, clock());
  const realActor = (caller: Caller): string => {
    refuseTrainingAccount(accounts, caller);
    return actorOf(caller);
  };
  return {
    'accounts:list': () => ({ accounts: accounts.list().map(shown) }),
    'accounts:create': async ({ operatorId, name, roles, agency, password }, caller) => {
      const actor = realActor(caller);
      const passwordHash = await hashPassword(password);
      return shown(known(() => accounts.create({ operatorId, name, roles, agency, passwordHash }, actor)));
    },
    'accounts:update': ({ operatorId, ...change }, caller) =>
      shown(
        known(() =>
          accounts.update(operatorId, change, realActor(caller), (before, after) => {
            if (after.disabled && !before.disabled && operatorId === caller.operatorId) {
              throw new CallFailure('forbidden', '不能停用当前登录的账号，请用另一个管理员账号操作 / you cannot disable the account you are signed in with; do it from another administrator account');
            }
            const wasAdmin = isRealAdmin(before);
            if (wasAdmin && !isRealAdmin(after) && accounts.realAdminCount() <= 1) {
              throw new CallFailure('forbidden', '这是最后一个启用的管理员账号，请先设立另一个管理员 / this is the last enabled administrator account: make another administrator first');
            }
          }),
        ),
      ),
    'accounts:setPassword': async ({ operatorId, oldPassword, newPassword }, caller) => {
      if (operatorId === caller.operatorId) {
        // One's own password: the old one first, counted like any wrong password.
        if (oldPassword === undefined) throw new CallFailure('invalid_input', '修改本人密码须先输入当前密码 / to change your own password, enter the current one');
        const check = await deps.checker.check(operatorId, oldPassword, 'session.officer_verified');
        if (!check.ok) throw new CallFailure('forbidden', `当前密码未被接受（${check.refusal.reason}），请重新输入 / the current password was not accepted (${check.refusal.reason}); enter it again`);
        return shown(accounts.setPasswordHash(operatorId, await hashPassword(newPassword), operatorId, 'changed'));
      }
      if (!caller.roles.includes('admin')) throw new CallFailure('forbidden', "只有管理员可以设置他人的密码，请联系管理员 / only an administrator sets another account's password; ask one");
      const actor = realActor(caller);
      const passwordHash = await hashPassword(newPassword);
      return shown(known(() => accounts.setPasswordHash(operatorId, passwordHash, actor, 'reset')));
    },
    'accounts:unlock': ({ operatorId }, caller) => shown(known(() => accounts.unlock(operatorId, realActor(caller)))),
    'settings:setIdleLock': ({ minutes }, caller) => {
      accounts.setIdleLockMinutes(minutes, realActor(caller));
      return { minutes: accounts.idleLockMinutes() };
    },
  };
}

/**
 * The training admin's password is public (README): it may look, but not change accounts or the
 * console's settings, or a fresh console would let anyone make themselves a real administrator or
 * point the console at a gateway of their choosing.
 */
export function refuseTrainingAccount(accounts: AccountRepository, caller: Caller): void {
  if (caller.operatorId !== undefined && accounts.find(caller.operatorId)?.training === true) {
    throw new CallFailure('forbidden', "训练账号不能修改账号或工作台设置，请用正式管理员账号登录 / a training account cannot change accounts or the console's settings; sign in with a real administrator account");
  }
}

function isRealAdmin(account: StoredAccount): boolean {
  return !account.disabled && !account.training && account.roles.includes('admin');
}

function actorOf(caller: Caller): string {
  return caller.operatorId ?? 'admin';
}

/** The repository's own refusals, as the contract's error codes. */
function known<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof AccountNotFoundError) throw new CallFailure('not_found', error.message);
    if (error instanceof AccountExistsError) throw new CallFailure('invalid_input', error.message);
    throw error;
  }
}
