// @vitest-environment jsdom
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { SessionGate } from '../../renderer/features/session/SessionGate.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type RealCore } from '../fixtures/real-core.js';
import { signInInput, testOperatorId } from '../fixtures/sign-in-account.js';

configure({ asyncUtilTimeout: 8000 });

/**
 * The window as main.tsx renders it (SessionGate around the App) against the real core over the
 * host's WebSocket, signed out at first: sign-in, first-run administrator, refusals in words,
 * the idle lock that keeps the screen, and the admin's accounts section.
 */
let real: RealCore;
let now = Date.parse('2026-12-01T08:00:00Z');

async function startConsole(options: { testAccounts?: boolean } = {}): Promise<void> {
  real = await startRealCore({ clock: () => now, ...options });
  const connection = real.connect({ signedOut: true });
  render(
    <ApiContext value={connection.api}>
      <SessionGate pollMs={100}>
        <App />
      </SessionGate>
    </ApiContext>,
  );
  await screen.findByTestId('sign-in-screen');
}

function fill(testId: string, value: string): void {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function signIn(operatorId: string, password = signInInput(operatorId).password): Promise<void> {
  fill('sign-in-operator', operatorId);
  fill('sign-in-password', password);
  fireEvent.click(screen.getByTestId('sign-in-submit'));
  await waitFor(() => {
    expect(screen.queryByTestId('sign-in-submit')?.hasAttribute('disabled') ?? false).toBe(false);
  });
}

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(async () => {
  cleanup();
  await real.close();
});

describe('sign-in screen', () => {
  it('offers the first administrator on a new console, checks the form, signs the creator in, then no longer offers it', async () => {
    await startConsole({ testAccounts: false });
    fireEvent.click(screen.getByTestId('first-run-offer'));
    fill('first-run-operator', 'adm-001');
    fill('first-run-name', '周敏');
    fill('first-run-password', 'short');
    fill('first-run-again', 'short');
    fireEvent.click(screen.getByTestId('first-run-submit'));
    expect((await screen.findByTestId('first-run-error')).textContent).toBe('密码至少需要 10 位。');
    fill('first-run-password', 'first-admin-pass');
    fill('first-run-again', 'first-admin-pass!');
    fireEvent.click(screen.getByTestId('first-run-submit'));
    expect((await screen.findByTestId('first-run-error')).textContent).toBe('两次输入的密码不一致。');
    fill('first-run-again', 'first-admin-pass');
    fireEvent.click(screen.getByTestId('first-run-submit'));
    expect((await screen.findByTestId('session-who')).textContent).toContain('周敏（adm-001）');
    expect(real.core.accounts.find('adm-001')).toMatchObject({ roles: ['admin'], training: false });

    fireEvent.click(screen.getByTestId('session-sign-out'));
    await screen.findByTestId('sign-in-screen');
    expect(screen.queryByTestId('first-run-offer')).toBeNull();
  });

  it('says a wrong password, a lockout and a training account outside training in words', async () => {
    await startConsole();
    await signIn(testOperatorId(['inspector']), 'not-the-password');
    expect(screen.getByTestId('sign-in-error').textContent).toBe('工号或密码不正确。');
    for (let attempt = 0; attempt < 4; attempt += 1) await signIn(testOperatorId(['inspector']), 'not-the-password');
    expect(screen.getByTestId('sign-in-error').textContent).toContain('账号已锁定');
    await real.ask('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: 'gw-password' });
    await i18n.changeLanguage('en');
    await signIn('op-8000-001');
    expect(screen.getByTestId('sign-in-error').textContent).toBe('Training accounts sign in only in training mode. Use a local production account.');
  });
});

describe('signed in', () => {
  it('shows an inspector no Settings tab, locks after the idle time over the screen as it was, and unlocks with the password', async () => {
    await startConsole();
    await signIn(testOperatorId(['inspector']));
    await screen.findByTestId('session-who');
    expect(screen.queryByTestId('nav-settings')).toBeNull();
    fireEvent.click(screen.getByTestId('nav-sync'));
    expect(screen.getByTestId('nav-sync').getAttribute('aria-selected')).toBe('true');

    now += 16 * 60_000;
    const lock = await screen.findByTestId('lock-screen');
    expect(within(lock).getByText(/超过 15 分钟未操作/)).toBeTruthy();
    fill('unlock-password', 'wrong-password');
    fireEvent.click(screen.getByTestId('unlock-submit'));
    expect((await screen.findByTestId('unlock-error')).textContent).toBe('工号或密码不正确。');
    fill('unlock-password', signInInput(testOperatorId(['inspector'])).password);
    fireEvent.click(screen.getByTestId('unlock-submit'));
    await waitFor(() => {
      expect(screen.queryByTestId('lock-screen')).toBeNull();
    });
    // The same screen as before the lock.
    expect(screen.getByTestId('nav-sync').getAttribute('aria-selected')).toBe('true');
  });

  it('gives an admin the accounts section: create an account, disable it, reset its password', async () => {
    await startConsole();
    await signIn(testOperatorId(['admin']));
    fireEvent.click(await screen.findByTestId('nav-settings'));
    await screen.findByTestId('accounts-table');
    fill('account-create-operator', 'op-201');
    fill('account-create-name', '刘洋');
    fill('account-create-password', 'new-inspector-pass');
    fireEvent.click(screen.getByTestId('account-create-submit'));
    expect((await screen.findByTestId('accounts-outcome')).textContent).toBe('账号 op-201 已创建');
    const row = await waitFor(() => {
      const found = screen.getAllByTestId('account-row').find((candidate) => candidate.getAttribute('data-operator-id') === 'op-201');
      if (!found) throw new Error('no row for op-201');
      return found;
    });
    fireEvent.click(within(row).getByTestId('account-toggle'));
    await waitFor(() => {
      expect(real.core.accounts.find('op-201')?.disabled).toBe(true);
    });
    fireEvent.change(within(row).getByTestId('account-new-password'), { target: { value: 'reset-by-admin-1' } });
    fireEvent.click(within(row).getByTestId('account-reset-password'));
    await waitFor(() => {
      expect(screen.getByTestId('accounts-outcome').textContent).toBe('账号 op-201 的密码已重设');
    });
    // The core keeps its own rules: the admin cannot disable the account it is signed in with.
    const own = screen.getAllByTestId('account-row').find((candidate) => candidate.getAttribute('data-operator-id') === testOperatorId(['admin']));
    fireEvent.click(within(own!).getByTestId('account-toggle'));
    await waitFor(() => {
      expect(screen.getByTestId('accounts-outcome').getAttribute('data-code')).toBe('forbidden');
    });
  });
});
