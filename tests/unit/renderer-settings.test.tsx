// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContractClient } from '../../shared/contract/index.js';
import { ApiContext } from '../../renderer/api-context.js';
import { App } from '../../renderer/App.js';
import { i18n } from '../../renderer/i18n/index.js';
import { ConnectionCell } from '../../renderer/transport/connection-state.js';
import { createFakeTransport, generateTaskRows, type FakeSyncState, type FakeTransport } from './fakes/contract-transport.js';

// The machine running tests may be busy: give async UI updates time before failing.
configure({ asyncUtilTimeout: 5000 });

const ROWS = generateTaskRows(50);
let transport: FakeTransport;

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('zh-CN');
});
afterEach(() => {
  cleanup();
});

async function openSettings(sync: Partial<FakeSyncState> = {}): Promise<void> {
  transport = createFakeTransport(ROWS, { sync });
  const api = { client: new ContractClient(transport), connection: new ConnectionCell('connected') };
  render(
    <ApiContext value={api}>
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

async function loaded(): Promise<void> {
  await waitFor(() => {
    // Inside a disabled fieldset an input's own `disabled` stays false: ask the selector.
    expect(input('settings-url').matches(':disabled')).toBe(false);
  });
}

const gatewaySettings = {
  mode: 'gateway' as const,
  gatewayUrl: 'https://gw.cq-port.example.cn',
  operatorId: 'op-7',
  workstationId: 'ws-00112233aabbccdd',
  hasPassword: true,
};

describe('settings screen', () => {
  it('shows the stored settings: mode, URL, operator, workstation; the password field stays empty', async () => {
    await openSettings({ gateway: gatewaySettings });
    await loaded();
    expect(screen.getByTestId('settings-mode').textContent).toContain('网关模式');
    expect(input('settings-url').value).toBe('https://gw.cq-port.example.cn');
    expect(input('settings-operator').value).toBe('op-7');
    expect(input('settings-password').type).toBe('password');
    expect(input('settings-password').value).toBe('');
    expect(input('settings-password').placeholder).toBe('已为已保存的网关地址和操作员保存密码，留空则保持不变（更换地址或操作员须重新填写）');
    expect(screen.getByTestId('settings-workstation').textContent).toBe('ws-00112233aabbccdd');
    expect(screen.getByTestId('settings-test').textContent).toBe('测试连接');
  });

  it('shows training mode when no gateway is stored', async () => {
    await openSettings();
    await loaded();
    expect(screen.getByTestId('settings-mode').textContent).toContain('训练模式（内置模拟单一窗口）');
    expect(input('settings-password').placeholder).toBe('尚未保存密码');
  });

  it('tests the connection with what was typed and shows the operator, roles and duration', async () => {
    await openSettings({
      connectionTest: {
        ok: true,
        operator: { id: 'op-9', name: '王强', roles: ['inspector', 'admin'], agency: 'quarantine', portCode: '8000' },
        error: null,
        durationMs: 231,
      },
    });
    await loaded();
    type('settings-url', ' https://gw.example.cn ');
    type('settings-operator', 'op-9');
    type('settings-password', 'pw with spaces ');
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(transport.inputsOf('settings:testConnection')).toEqual([
      { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-9', password: 'pw with spaces ' },
    ]);
    await waitFor(() => {
      expect(resultText()).toBe('连接成功：王强（查验员、管理员），用时 231 毫秒');
    });
    // A test stores nothing.
    expect(transport.inputsOf('settings:setGateway')).toEqual([]);
  });

  it('tests with the stored password when the field is left empty', async () => {
    await openSettings({ gateway: gatewaySettings });
    await loaded();
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(transport.inputsOf('settings:testConnection')).toEqual([{ gatewayUrl: 'https://gw.cq-port.example.cn', operatorId: 'op-7' }]);
  });

  it.each([
    ['credentials', '连接失败：操作员编号或密码错误（用时 40 毫秒）'],
    ['unreachable', '连接失败：无法连接网关（地址不通、连接被拒绝或超时）（用时 40 毫秒）'],
    ['http_503', '连接失败：网关返回 HTTP 503（用时 40 毫秒）'],
    ['something_new', '连接失败：连接测试失败（用时 40 毫秒）'],
  ])('translates a failed test (%s) and keeps the technical detail', async (code, expected) => {
    await openSettings({ connectionTest: { ok: false, operator: null, error: { code, message: `detail of ${code}` }, durationMs: 40 } });
    await loaded();
    type('settings-url', 'https://10.0.0.5:8443');
    type('settings-operator', 'op-1');
    type('settings-password', 'secret');
    fireEvent.click(screen.getByTestId('settings-test'));
    await waitFor(() => {
      expect(screen.getByTestId('settings-result').querySelector('p')?.textContent).toBe(expected);
    });
    expect(screen.getByTestId('settings-result').querySelector('code')?.textContent).toBe(`${code}: detail of ${code}`);
  });

  it('shows the connection test in English too', async () => {
    await openSettings({ connectionTest: { ok: false, operator: null, error: { code: 'credentials', message: 'sign-in refused' }, durationMs: 12 } });
    await loaded();
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    type('settings-url', 'https://gw.example.cn');
    type('settings-operator', 'op-1');
    type('settings-password', 'secret');
    fireEvent.click(screen.getByTestId('settings-test'));
    await waitFor(() => {
      expect(screen.getByTestId('settings-result').querySelector('p')?.textContent).toBe('Connection failed: Wrong operator ID or password (took 12 ms)');
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
    expect(transport.inputsOf('settings:testConnection')).toEqual([]);
    expect(transport.inputsOf('settings:setGateway')).toEqual([]);
  });

  it('saves gateway settings, then shows gateway mode and clears the password field', async () => {
    await openSettings();
    await loaded();
    type('settings-url', 'https://gw.example.cn');
    type('settings-operator', 'op-3');
    type('settings-password', 'new-secret');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(transport.inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-3', password: 'new-secret' }]);
    await waitFor(() => {
      expect(resultText()).toBe('设置已保存（网关模式）');
    });
    expect(screen.getByTestId('settings-mode').textContent).toContain('网关模式');
    expect(input('settings-password').value).toBe('');
    expect(input('settings-password').placeholder).toBe('已为已保存的网关地址和操作员保存密码，留空则保持不变（更换地址或操作员须重新填写）');
    expect(input('settings-url').value).toBe('https://gw.example.cn');
  });

  it('saves without a password to keep the stored one, for the stored URL and operator only', async () => {
    await openSettings({ gateway: gatewaySettings });
    await loaded();
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(transport.inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: 'https://gw.cq-port.example.cn', operatorId: 'op-7' }]);
    await waitFor(() => {
      expect(resultText()).toBe('设置已保存（网关模式）');
    });
    // Another operator or URL: the stored password is not carried over; it must be typed.
    type('settings-operator', 'op-8');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('请填写密码：已保存的密码仅用于已保存的网关地址和操作员编号。');
    type('settings-operator', 'op-7');
    type('settings-url', 'https://other-gw.example.cn');
    fireEvent.click(screen.getByTestId('settings-test'));
    expect(resultText()).toBe('请填写密码：已保存的密码仅用于已保存的网关地址和操作员编号。');
    expect(transport.inputsOf('settings:setGateway')).toHaveLength(1);
    expect(transport.inputsOf('settings:testConnection')).toEqual([]);
    await act(async () => {
      await i18n.changeLanguage('en');
    });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('Enter the password: the stored one is used only with the stored gateway URL and operator ID.');
    type('settings-url', 'http://10.0.0.5');
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(resultText()).toBe('The gateway URL must start with https://. Plain http:// is allowed only to this computer (127.0.0.1 or [::1]).');
  });

  it('"use training mode" stores no gateway URL', async () => {
    await openSettings({ gateway: gatewaySettings });
    await loaded();
    fireEvent.click(screen.getByTestId('settings-training'));
    expect(transport.inputsOf('settings:setGateway')).toEqual([{ gatewayUrl: null, operatorId: 'op-7' }]);
    await waitFor(() => {
      expect(resultText()).toBe('已切换为训练模式');
    });
    expect(input('settings-url').value).toBe('');
    expect(screen.getByTestId('settings-mode').textContent).toContain('训练模式');
  });

  it('a forbidden answer shows "admin role required" and disables the form', async () => {
    transport = createFakeTransport(ROWS);
    transport.failWith('settings:getGateway', { code: 'forbidden', message: 'settings:getGateway is not allowed for this account' });
    render(
      <ApiContext value={{ client: new ContractClient(transport), connection: new ConnectionCell('connected') }}>
        <App />
      </ApiContext>,
    );
    fireEvent.click(screen.getByTestId('nav-settings'));
    expect((await screen.findByTestId('settings-forbidden')).textContent).toBe('需要管理员权限');
    for (const id of ['settings-url', 'settings-operator', 'settings-password', 'settings-test', 'settings-save', 'settings-training']) {
      expect(screen.getByTestId<HTMLInputElement | HTMLButtonElement>(id).matches(':disabled'), id).toBe(true);
    }
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(transport.inputsOf('settings:setGateway')).toEqual([]);
  });

  it('a forbidden save (role changed meanwhile) also says admin role required and locks the form', async () => {
    await openSettings({ gateway: gatewaySettings });
    await loaded();
    transport.failWith('settings:setGateway', { code: 'forbidden', message: 'settings:setGateway is not allowed for this account' });
    type('settings-operator', 'op-8');
    type('settings-password', 'pw-for-op-8');
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => {
      expect(resultText()).toBe('需要管理员权限');
    });
    expect(screen.getByTestId('settings-forbidden').textContent).toBe('需要管理员权限');
    expect(input('settings-url').matches(':disabled')).toBe(true);
  });
});
