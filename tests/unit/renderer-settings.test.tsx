// @vitest-environment jsdom
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/contract/index.js';
import { startSimulator, type Simulator } from '../../electron/simulator/server.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { i18n } from '../../renderer/i18n/index.js';
import { startRealCore, type Connection, type RealCore } from '../fixtures/real-core.js';
import { testOperatorId } from '../fixtures/sign-in-account.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

/**
 * The settings screen against the real core: settings stored and read by its settings repository
 * (encrypted password included), connection tests made by the core against real servers on
 * 127.0.0.1 (the simulator as the gateway, a closed port, a server answering 503). The core's sync is
 * not started, so a stored gateway is never contacted except by a test the screen asks for.
 */
const OPERATOR = { operatorId: 'op-9', password: 'pw with spaces ', name: '王强', roles: ['inspector', 'admin'] as Role[], agency: 'quarantine' as const };

let simulator: Simulator;
let unavailable: http.Server;
let unavailableUrl: string;
/** A loopback port nothing listens on. */
let closedUrl: string;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, tasks: 10, cargo: 0, evolve: false, operators: [OPERATOR] });
  unavailable = http.createServer((_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
  });
  await new Promise<void>((resolve) => unavailable.listen(0, '127.0.0.1', resolve));
  unavailableUrl = `http://127.0.0.1:${(unavailable.address() as AddressInfo).port}`;
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => unavailable.close(() => resolve()));
});

let real: RealCore;
let connection: Connection;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
  real = await startRealCore();
});
afterEach(async () => {
  cleanup();
  await real.close();
});

/** Stores a gateway through the core's own call, as an earlier visit to this screen did. */
async function storeGateway(operatorId = OPERATOR.operatorId, password = OPERATOR.password): Promise<void> {
  await real.ask('settings:setGateway', { gatewayUrl: simulator.url, operatorId, password });
}

async function openSettings(over: Connection = real.connect()): Promise<void> {
  connection = over;
  render(
    <ApiContext value={connection.api}>
      <App />
    </ApiContext>,
  );
  fireEvent.click(screen.getByTestId('nav-settings'));
  await screen.findByTestId('settings-url');
}

const input = (testId: string): HTMLInputElement => screen.getByTestId<HTMLInputElement>(testId);
const type = (testId: string, value: string): void => {
  fireEvent.change(input(testId), { target: { value } });
};
const resultText = (): string => screen.getByTestId('settings-result').textContent;
const inputsOf = (method: 'settings:testConnection' | 'settings:setGateway'): unknown[] => connection.wire.inputsOf(method);

async function loaded(): Promise<void> {
  await waitFor(() => {
    // Inside a disabled fieldset an input's own `disabled` stays false: ask the selector.
    expect(input('settings-url').matches(':disabled')).toBe(false);
  });
}

const STORED_PLACEHOLDER = '已为已保存的网关地址和操作员保存密码，留空则保持不变（更换地址或操作员须重新填写）';

describe('settings screen', () => {
  it('shows the stored settings: mode, URL, operator, workstation; the password field stays empty', async () => {
    await storeGateway();
    const { workstationId } = await real.ask('settings:getGateway', {});
    await openSettings();
    await loaded();
    expect(screen.getByTestId('settings-mode').textContent).toContain('网关模式');
    expect(input('settings-url').value).toBe(simulator.url);
    expect(input('settings-operator').value).toBe(OPERATOR.operatorId);
    expect(input('settings-password').type).toBe('password');
    expect(input('settings-password').value).toBe('');
    expect(input('settings-password').placeholder).toBe(STORED_PLACEHOLDER);
    expect(workstationId).toMatch(/^ws-/);
    expect(screen.getByTestId('settings-workstation').textContent).toBe(workstationId);
    expect(screen.getByTestId('settings-test').textContent).toBe('测试连接');
  });

  it('shows training mode when no gateway is stored', async () => {
    await openSettings();
    await loaded();
    expect(screen.getByTestId('settings-mode').textContent).toContain('训练模式（内置模拟单一窗口）');
    expect(input('settings-password').placeholder).toBe('尚未保存密码');
  });

  it('tests the connection with what was typed and shows the operator, roles and duration', async () => {
    await openSettings();
    await loaded();
    type('settings-url', ` ${simulator.url} `);
    type('settings-operator', OPERATOR.operatorId);
    type('settings-password', OPERATOR.password);
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(inputsOf('settings:testConnection')).toEqual([{ gatewayUrl: simulator.url, operatorId: OPERATOR.operatorId, password: OPERATOR.password }]);
    // The simulator signed the operator in: its name and roles come from the gateway.
    await waitFor(() => {
      expect(resultText()).toMatch(/^连接成功：王强（查验员、管理员），用时 \d+ 毫秒$/);
    });
    // A test stores nothing.
    expect(inputsOf('settings:setGateway')).toEqual([]);
    expect(await real.ask('settings:getGateway', {})).toMatchObject({ mode: 'training', gatewayUrl: null, hasPassword: false });
  });

  it('tests with the stored password when the field is left empty', async () => {
    await storeGateway();
    await openSettings();
    await loaded();
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(inputsOf('settings:testConnection')).toEqual([{ gatewayUrl: simulator.url, operatorId: OPERATOR.operatorId }]);
    // The core filled in the stored password, and the gateway accepted it.
    await waitFor(() => {
      expect(resultText()).toMatch(/^连接成功：王强/);
    });
  });

  it.each([
    ['credentials', () => simulator.url, '连接失败：操作员编号或密码错误，请核对后重试'],
    ['unreachable', () => closedUrl, '连接失败：无法连接网关（地址不通、连接被拒绝或超时），请核对地址和网络后重试'],
    ['http_503', () => unavailableUrl, '连接失败：网关返回 HTTP 503，请核对网关地址，或联系单一窗口运维'],
  ])('translates a failed test (%s) and keeps the technical detail', async (code, url, expected) => {
    await openSettings();
    await loaded();
    type('settings-url', url());
    type('settings-operator', OPERATOR.operatorId);
    type('settings-password', 'not-the-password');
    fireEvent.click(screen.getByTestId('settings-test'));
    await waitFor(() => {
      expect(screen.getByTestId('settings-result').querySelector('p')?.textContent).toMatch(new RegExp(`^${expected.replace(/[()（）]/g, '\\$&')}（用时 \\d+ 毫秒）$`));
    });
    const detail = screen.getByTestId('settings-result').querySelector('code')?.textContent ?? '';
    expect(detail.startsWith(`${code}: `)).toBe(true);
    // The message shown never holds the password typed.
    expect(detail).not.toContain('not-the-password');
  });

  it('translates a failure code it does not know as a failed test', async () => {
    await openSettings();
    await loaded();
    // A code a later core may send: rewritten in transit, since this core sends none such.
    connection.wire.corrupt('settings:testConnection', () => ({ ok: false, operator: null, error: { code: 'something_new', message: 'detail of something_new' }, durationMs: 40 }));
    type('settings-url', closedUrl);
    type('settings-operator', OPERATOR.operatorId);
    type('settings-password', 'secret');
    fireEvent.click(screen.getByTestId('settings-test'));
    await waitFor(() => {
      expect(screen.getByTestId('settings-result').querySelector('p')?.textContent).toBe('连接失败：连接测试失败，请重试；如仍失败请查看核心日志（用时 40 毫秒）');
    });
    expect(screen.getByTestId('settings-result').querySelector('code')?.textContent).toBe('something_new: detail of something_new');
  });

  it('shows the connection test in English too', async () => {
    await openSettings();
    await loaded();
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    type('settings-url', simulator.url);
    type('settings-operator', OPERATOR.operatorId);
    type('settings-password', 'secret');
    fireEvent.click(screen.getByTestId('settings-test'));
    await waitFor(() => {
      expect(screen.getByTestId('settings-result').querySelector('p')?.textContent).toMatch(/^Connection failed: Wrong operator ID or password: check them and try again \(took \d+ ms\)$/);
    });
  });

  it('asks for what is missing before calling the core', async () => {
    await openSettings();
    await loaded();
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(resultText()).toBe('请填写网关地址。');
    type('settings-url', 'gw.example.cn');
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(resultText()).toBe('网关地址无效：须为以 https:// 开头的完整地址。');
    // The evidence: plain http off this machine, in any spelling, and user info in the URL.
    for (const url of ['http://gw.example.cn', 'http://169.254.169.254', 'http://10.0.0.5:8080', 'http://167772161', 'http://localhost:8080']) {
      type('settings-url', url);
      fireEvent.click(screen.getByTestId('settings-test'));
      expect(resultText(), url).toBe('网关地址须以 https:// 开头；仅本机地址（127.0.0.1 或 [::1]）允许使用 http://。');
    }
    type('settings-url', 'https://op:secret@gw.example.cn');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('网关地址中不得包含用户名或密码，请在对应栏位填写操作员编号和密码。');
    type('settings-url', 'https://gw.example.cn');
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(resultText()).toBe('请填写操作员编号。');
    type('settings-operator', 'op-1');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('请填写密码（本机尚未保存密码）。');
    expect(inputsOf('settings:testConnection')).toEqual([]);
    expect(inputsOf('settings:setGateway')).toEqual([]);
  });

  it('saves gateway settings, then shows gateway mode and clears the password field', async () => {
    await openSettings();
    await loaded();
    type('settings-url', simulator.url);
    type('settings-operator', 'op-3');
    type('settings-password', 'new-secret');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: simulator.url, operatorId: 'op-3', password: 'new-secret' }]);
    await waitFor(() => {
      expect(resultText()).toBe('设置已保存（网关模式）');
    });
    expect(screen.getByTestId('settings-mode').textContent).toContain('网关模式');
    expect(input('settings-password').value).toBe('');
    expect(input('settings-password').placeholder).toBe(STORED_PLACEHOLDER);
    expect(input('settings-url').value).toBe(simulator.url);
    expect(await real.ask('settings:getGateway', {})).toMatchObject({ mode: 'gateway', gatewayUrl: simulator.url, operatorId: 'op-3', hasPassword: true });
  });

  it('saves without a password to keep the stored one, for the stored URL and operator only', async () => {
    await storeGateway();
    await openSettings();
    await loaded();
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: simulator.url, operatorId: OPERATOR.operatorId }]);
    await waitFor(() => {
      expect(resultText()).toBe('设置已保存（网关模式）');
    });
    expect((await real.ask('settings:getGateway', {})).hasPassword).toBe(true);
    // Another operator or URL: the stored password is not carried over; it must be typed.
    type('settings-operator', 'op-8');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('请填写密码：已保存的密码仅用于已保存的网关地址和操作员编号。');
    type('settings-operator', OPERATOR.operatorId);
    type('settings-url', 'https://other-gw.example.cn');
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(resultText()).toBe('请填写密码：已保存的密码仅用于已保存的网关地址和操作员编号。');
    expect(inputsOf('settings:setGateway')).toHaveLength(1);
    expect(inputsOf('settings:testConnection')).toEqual([]);
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('Enter the password: the stored one is used only with the stored gateway URL and operator ID.');
    type('settings-url', 'http://10.0.0.5');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('The gateway URL must start with https://. Plain http:// is allowed only to this computer (127.0.0.1 or [::1]).');
  });

  it('"use training mode" stores no gateway URL, and the core forgets the password', async () => {
    await storeGateway();
    await openSettings();
    await loaded();
    fireEvent.click(screen.getByTestId('settings-training'));
    expect(inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: null, operatorId: OPERATOR.operatorId }]);
    await waitFor(() => {
      expect(resultText()).toBe('已切换为训练模式');
    });
    expect(input('settings-url').value).toBe('');
    expect(screen.getByTestId('settings-mode').textContent).toContain('训练模式');
    expect(await real.ask('settings:getGateway', {})).toMatchObject({ mode: 'training', gatewayUrl: null, hasPassword: false });
  });

  it('a forbidden answer shows "admin role required" and disables the form', async () => {
    // An inspector's channel: the core's router refuses the admin-only settings calls.
    await openSettings(real.connectAs({ roles: ['inspector'] }));
    expect((await screen.findByTestId('settings-forbidden')).textContent).toBe('需要管理员权限');
    for (const id of ['settings-url', 'settings-operator', 'settings-password', 'settings-test', 'settings-save', 'settings-training']) {
      expect(screen.getByTestId<HTMLInputElement | HTMLButtonElement>(id).matches(':disabled'), id).toBe(true);
    }
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(inputsOf('settings:setGateway')).toEqual([]);
  });

  it('a forbidden save (role changed meanwhile) also says admin role required and locks the form', async () => {
    await storeGateway();
    await openSettings(real.connectAs({ roles: ['admin'] }));
    await loaded();
    // Another admin takes the role away; the session reads the account's roles at each call.
    real.core.accounts.update(testOperatorId(['admin']), { roles: ['inspector'] }, 'another-admin', () => undefined);
    type('settings-operator', 'op-8');
    type('settings-password', 'pw-for-op-8');
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => {
      expect(resultText()).toBe('需要管理员权限');
    });
    expect(screen.getByTestId('settings-forbidden').textContent).toBe('需要管理员权限');
    expect(input('settings-url').matches(':disabled')).toBe(true);
    // The core stored nothing.
    expect((await real.ask('settings:getGateway', {})).operatorId).toBe(OPERATOR.operatorId);
  });
});
