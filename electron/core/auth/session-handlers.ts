import type { MethodOutput } from '../../../shared/contract/index.js';
import { hashPassword } from './password-hash.js';
import type { ChannelSession } from './channel-session.js';
import type { PasswordCheck } from './password-check.js';
import type { AccountRepository } from '../db/account-repository.js';
import { CallFailure, type Caller, type Handlers } from '../router.js';

type SessionMethod = 'session:status' | 'session:signIn' | 'session:signOut' | 'session:unlock' | 'session:createFirstAdmin';

/** The session's own calls: they answer a channel that is signed out or locked (methods.ts `signedOut`). */
export function createSessionHandlers(accounts: AccountRepository): Pick<Handlers, SessionMethod> {
  const outcome = (channel: ChannelSession, check: PasswordCheck): MethodOutput<'session:signIn'> =>
    check.ok ? { ok: true, session: channel.status() } : { ok: false, refusal: check.refusal };
  return {
    'session:status': (_input, caller) => channelOf(caller).status(),
    'session:signIn': async ({ operatorId, password }, caller) => {
      const channel = channelOf(caller);
      return outcome(channel, await channel.signIn(operatorId, password));
    },
    'session:signOut': (_input, caller) => {
      const channel = channelOf(caller);
      channel.signOut();
      return channel.status();
    },
    'session:unlock': async ({ password }, caller) => {
      const channel = channelOf(caller);
      const check = await channel.unlock(password);
      if (!check) throw new CallFailure('unauthenticated', 'nothing to unlock: this channel is signed out; sign in');
      return outcome(channel, check);
    },
    'session:createFirstAdmin': async ({ operatorId, name, agency, password }, caller) => {
      const channel = channelOf(caller);
      refuseOnceAdminExists(accounts);
      const passwordHash = await hashPassword(password);
      // Checked again inside the transaction: two first-run forms sent at once create one admin.
      accounts.create({ operatorId, name, agency, roles: ['admin'], passwordHash }, operatorId, () => refuseOnceAdminExists(accounts));
      accounts.recordSuccess(operatorId, 'session.signed_in');
      channel.begin(operatorId);
      return { ok: true, session: channel.status() };
    },
  };
}

function refuseOnceAdminExists(accounts: AccountRepository): void {
  if (accounts.realAdminCount() > 0) {
    throw new CallFailure('forbidden', '已有管理员账号，请用它登录（首次运行表单只用于尚无管理员的工作台） / an administrator account exists already: sign in with it (the first-run form is only for a console without one)');
  }
}

function channelOf(caller: Caller): ChannelSession {
  if (!caller.channel) throw new CallFailure('unavailable', 'this caller has no channel session to sign in to');
  return caller.channel;
}
