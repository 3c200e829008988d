import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { methods, responseFrameSchema, type MethodName, type Operator, type ResponseFrame, type Role } from '../../shared/contract/index.js';
import { openDatabase, type Database, sqliteHandle } from '../../electron/core/db/connection.js';
import { SettingsRepository } from '../../electron/core/db/settings-repository.js';
import { createRouter, type Handlers } from '../../electron/core/router.js';
import { createSecretBox } from '../../electron/core/secrets/secret-box.js';
import {
  connectionErrorOf,
  createConnectionTest,
  createSettingsHandlers,
  type ConnectionTest,
  type ConnectionTestRequest,
  type SignIn,
} from '../../electron/core/settings-handlers.js';
import { GatewayError } from '../../electron/core/sync/gateway.js';
import { memoryLog } from '../unit/fakes/memory-log.js';
import { makeTempDir } from '../fixtures/temp-dir.js';

/** The settings calls through the real router on a real database; the gateway is a function. */
const PASSWORD = 'Pw-口岸-8000';
const operator: Operator = { id: 'op-7', name: '张检', roles: ['admin', 'inspector'], agency: 'customs', portCode: '8000' };

let temp: ReturnType<typeof makeTempDir>;
let db: Database;
let settings: SettingsRepository;
let testConnection: ReturnType<typeof vi.fn<(input: ConnectionTestRequest) => Promise<ConnectionTest>>>;
let onGatewayChanged: ReturnType<typeof vi.fn<() => void>>;
let logged: ReturnType<typeof memoryLog>;
let nextId = 1;

beforeEach(() => {
  temp = makeTempDir('console-settings-handlers-');
  logged = memoryLog();
  db = openDatabase(path.join(temp.dir, 'console.sqlite'), { log: logged.log });
  settings = new SettingsRepository(sqliteHandle(db), createSecretBox(crypto.randomBytes(32)), { log: logged.log });
  testConnection = vi.fn((_input: ConnectionTestRequest) => Promise.resolve<ConnectionTest>({ ok: true, operator, error: null, durationMs: 12 }));
  onGatewayChanged = vi.fn(() => undefined);
});
afterEach(() => {
  db.close();
  temp.remove();
});

/** A router whose only working handlers are the settings ones; any other call would fail loudly. */
function router() {
  const notUnderTest = (): never => {
    throw new Error('not under test');
  };
  const stubs = Object.fromEntries(Object.keys(methods).map((name) => [name, notUnderTest])) as unknown as Handlers;
  return createRouter({ ...stubs, ...createSettingsHandlers({ settings, testConnection, onGatewayChanged }) }, logged.log);
}

async function call(method: MethodName, input: unknown, roles: readonly Role[] = ['admin']): Promise<ResponseFrame> {
  const frame = await router().handle(JSON.stringify({ type: 'request', id: nextId++, method, input }), { roles });
  return responseFrameSchema.parse(frame);
}

function valueOf(method: MethodName, frame: ResponseFrame): unknown {
  if (!frame.result.ok) throw new Error(`${method} failed: ${frame.result.error.code} ${frame.result.error.message}`);
  // The answer must match the contract the renderer validates against.
  return methods[method].output.parse(frame.result.value);
}

const settingsRows = (): unknown[] => sqliteHandle(db).prepare('SELECT key, value FROM settings ORDER BY key').all();

describe('settings handlers through the router (admin)', () => {
  it('getGateway answers hasPassword and never the password', async () => {
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const frame = await call('settings:getGateway', {});
    expect(valueOf('settings:getGateway', frame)).toMatchObject({ mode: 'gateway', gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', hasPassword: true });
    expect(JSON.stringify(frame)).not.toContain(PASSWORD);
  });

  it('setGateway stores the settings, answers them without the password and restarts sync once', async () => {
    const frame = await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    expect(valueOf('settings:setGateway', frame)).toMatchObject({ mode: 'gateway', hasPassword: true });
    expect(JSON.stringify(frame)).not.toContain(PASSWORD);
    expect(settings.password()).toBe(PASSWORD);
    expect(onGatewayChanged).toHaveBeenCalledTimes(1);

    // The same settings again change nothing and do not restart sync.
    await call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7' });
    expect(onGatewayChanged).toHaveBeenCalledTimes(1);

    // Training mode: no gateway, so no password kept for one.
    const training = await call('settings:setGateway', { gatewayUrl: null, operatorId: 'op-7' });
    expect(valueOf('settings:setGateway', training)).toMatchObject({ mode: 'training', gatewayUrl: null, hasPassword: false });
    expect(onGatewayChanged).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(logged.lines)).not.toContain(PASSWORD);
  });

  it('refuses a gateway address carrying a user name or password, storing nothing', async () => {
    const before = settingsRows();
    const frame = await call('settings:setGateway', { gatewayUrl: 'https://op:secret@gw.example.cn', operatorId: 'op-7' });
    expect(frame.result.ok ? null : frame.result.error.code).toBe('invalid_input');
    const invalid = await call('settings:setGateway', { gatewayUrl: 'ftp://gw.example.cn', operatorId: 'op-7' });
    expect(invalid.result.ok ? null : invalid.result.error.code).toBe('invalid_input');
    expect(settingsRows()).toEqual(before);
    expect(onGatewayChanged).not.toHaveBeenCalled();
  });

  it('testConnection passes the typed password, or the stored one when none is typed', async () => {
    const typed = await call('settings:testConnection', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: 'typed-pw' });
    expect(valueOf('settings:testConnection', typed)).toEqual({ ok: true, operator, error: null, durationMs: 12 });
    expect(testConnection).toHaveBeenLastCalledWith({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: 'typed-pw' });

    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const before = settingsRows();
    await call('settings:testConnection', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7' });
    expect(testConnection).toHaveBeenLastCalledWith({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    // A test stores nothing.
    expect(settingsRows()).toEqual(before);
    expect(onGatewayChanged).not.toHaveBeenCalled();
  });

  it('testConnection never sends the stored password to another address or operator', async () => {
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    for (const input of [
      { gatewayUrl: 'https://attacker.example.com', operatorId: 'op-7' },
      { gatewayUrl: 'https://gw.example.cn/other', operatorId: 'op-7' },
      { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-8' },
      // The evidence: plain http to any host the caller names.
      { gatewayUrl: 'http://10.0.0.5:8080', operatorId: 'op-7' },
    ]) {
      const frame = await call('settings:testConnection', input);
      const value = valueOf('settings:testConnection', frame) as ConnectionTest;
      expect(value.ok).toBe(false);
      expect(['no_password', 'invalid_url']).toContain(value.error?.code);
      expect(JSON.stringify(frame)).not.toContain(PASSWORD);
    }
    expect(testConnection).not.toHaveBeenCalled();
    const other = await call('settings:testConnection', { gatewayUrl: 'https://attacker.example.com', operatorId: 'op-7' });
    const refused = valueOf('settings:testConnection', other) as ConnectionTest;
    expect(refused.error?.code).toBe('no_password');
    expect(refused.error?.message).toMatch(/only with the stored gateway/);
  });

  it('setGateway to a new address or operator needs the password typed', async () => {
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    settings.workstationId(); // generated on first read; not part of what is compared
    const before = settingsRows();
    for (const input of [
      { gatewayUrl: 'https://attacker.example.com', operatorId: 'op-7' },
      { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-8' },
    ]) {
      const frame = await call('settings:setGateway', input);
      expect(frame.result.ok ? null : frame.result.error.code).toBe('invalid_input');
      expect(frame.result.ok ? null : frame.result.error.message).toMatch(/type the password/);
    }
    expect(settingsRows()).toEqual(before);
    expect(onGatewayChanged).not.toHaveBeenCalled();

    // With the password typed, the new address is stored with it.
    const typed = await call('settings:setGateway', { gatewayUrl: 'https://gw2.example.cn', operatorId: 'op-7', password: 'new-pw' });
    expect(valueOf('settings:setGateway', typed)).toMatchObject({ gatewayUrl: 'https://gw2.example.cn', hasPassword: true });
    expect(settings.password()).toBe('new-pw');
  });

  it('accepts https anywhere and plain http only to loopback, in setGateway and testConnection', async () => {
    const refused = [
      'http://gw.example.cn',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3:8443',
      'http://167772161', // 10.0.0.1 as a decimal number
      'http://0xa9.0xfe.0xa9.0xfe', // 169.254.169.254 in hex
      'http://localhost:8080',
      'http://[::ffff:127.0.0.1]',
      'http://127.0.0.1@gw.example.cn',
    ];
    for (const gatewayUrl of refused) {
      const set = await call('settings:setGateway', { gatewayUrl, operatorId: 'op-7', password: PASSWORD });
      expect(set.result.ok ? gatewayUrl : set.result.error.code, gatewayUrl).toBe('invalid_input');
      const test = await call('settings:testConnection', { gatewayUrl, operatorId: 'op-7', password: PASSWORD });
      expect(valueOf('settings:testConnection', test), gatewayUrl).toMatchObject({ ok: false, error: { code: 'invalid_url' } });
    }
    expect(testConnection).not.toHaveBeenCalled();
    expect(settings.gateway().gatewayUrl).toBeNull();
    for (const gatewayUrl of ['https://gw.example.cn', 'http://127.0.0.1:8080', 'http://127.8.9.10', 'http://2130706433', 'http://[::1]:9000']) {
      const set = await call('settings:setGateway', { gatewayUrl, operatorId: 'op-7', password: PASSWORD });
      expect(valueOf('settings:setGateway', set), gatewayUrl).toMatchObject({ mode: 'gateway', gatewayUrl });
    }
  });

  it('testConnection without any password answers no_password without calling the gateway', async () => {
    const frame = await call('settings:testConnection', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7' });
    expect(valueOf('settings:testConnection', frame)).toMatchObject({ ok: false, operator: null, error: { code: 'no_password' } });
    expect(testConnection).not.toHaveBeenCalled();
  });

  it('testConnection maps a throwing tester to a result, with the password scrubbed', async () => {
    testConnection.mockRejectedValueOnce(new Error(`boom with ${PASSWORD} inside`));
    const frame = await call('settings:testConnection', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    const value = valueOf('settings:testConnection', frame);
    expect(value).toMatchObject({ ok: false, error: { code: 'failed', message: 'boom with [redacted] inside' } });
    expect(JSON.stringify(frame)).not.toContain(PASSWORD);
  });
});

describe('settings calls are for admins only', () => {
  const inputs: Record<'settings:getGateway' | 'settings:setGateway' | 'settings:testConnection', unknown> = {
    'settings:getGateway': {},
    'settings:setGateway': { gatewayUrl: 'https://evil.example.com', operatorId: 'intruder', password: 'intruder-pw' },
    'settings:testConnection': { gatewayUrl: 'https://evil.example.com', operatorId: 'intruder', password: 'intruder-pw' },
  };

  it.each(Object.keys(inputs) as (keyof typeof inputs)[])('%s from an inspector-only caller is forbidden and changes nothing', async (method) => {
    settings.setGateway({ gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD });
    settings.setToken({ accessToken: 'tok', expiresAt: '2026-11-21T10:00:00Z' });
    const before = settingsRows();
    for (const roles of [['inspector'], ['inspector', 'supervisor'], []] as Role[][]) {
      const frame = await call(method, inputs[method], roles);
      expect(frame.result).toEqual({ ok: false, error: { code: 'forbidden', message: `${method} is not allowed for this account` } });
      expect(JSON.stringify(frame)).not.toContain(PASSWORD);
    }
    expect(settingsRows()).toEqual(before);
    expect(settings.token()).toEqual({ accessToken: 'tok', expiresAt: '2026-11-21T10:00:00Z' });
    expect(testConnection).not.toHaveBeenCalled();
    expect(onGatewayChanged).not.toHaveBeenCalled();
    // The same call from an admin goes through, so the refusal above is the role check.
    const admitted = await call(method, inputs[method], ['admin']);
    expect(admitted.result.ok).toBe(true);
  });
});

describe('connection test over a sign-in function', () => {
  const request: ConnectionTestRequest = { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: PASSWORD };

  it('answers the operator and the measured duration', async () => {
    let now = 1000;
    const signIn: SignIn = () => {
      now += 137.4;
      return Promise.resolve({ operator });
    };
    const test = createConnectionTest(signIn, () => now);
    expect(await test(request)).toEqual({ ok: true, operator, error: null, durationMs: 137 });
  });

  it.each([
    [new GatewayError({ kind: 'credentials', message: 'sign-in refused' }), 'credentials'],
    [new GatewayError({ kind: 'transport', message: 'connect ECONNREFUSED' }), 'unreachable'],
    [new GatewayError({ kind: 'timeout', message: 'no answer in 10 s' }), 'unreachable'],
    [new GatewayError({ kind: 'invalid_body', status: 200, message: 'not JSON' }), 'invalid_response'],
    [new GatewayError({ kind: 'http', status: 503, code: 'unavailable', problem: null, retryAfterMs: 5000, message: 'HTTP 503' }), 'http_503'],
    [new GatewayError({ kind: 'http', status: 404, code: 'not_found', problem: null, retryAfterMs: null, message: 'HTTP 404' }), 'http_404'],
    [new GatewayError({ kind: 'http', status: 401, code: 'unauthorized', problem: null, retryAfterMs: null, message: 'HTTP 401' }), 'credentials'],
    [Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), 'invalid_url'],
    [new Error('something else'), 'failed'],
  ])('maps %s to %s, with the elapsed time', async (error, code) => {
    let now = 0;
    const test = createConnectionTest(() => {
      now = 42;
      return Promise.reject(error);
    }, () => now);
    const result = await test(request);
    expect(result).toEqual({ ok: false, operator: null, error: { code, message: error.message }, durationMs: 42 });
  });

  it('refuses an address that is not http(s) before signing in', async () => {
    const signIn = vi.fn<SignIn>();
    const result = await createConnectionTest(signIn)({ ...request, gatewayUrl: 'file:///etc/passwd' });
    expect(result.error?.code).toBe('invalid_url');
    expect(signIn).not.toHaveBeenCalled();
  });

  it('reports a real refused connection as unreachable', async () => {
    // A port that was just free: nothing listens there.
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const signIn: SignIn = async (url) => {
      await fetch(new URL('/v1/auth/token', url), { method: 'POST' });
      throw new Error('unexpected answer');
    };
    const result = await createConnectionTest(signIn)({ ...request, gatewayUrl: `http://127.0.0.1:${port}` });
    expect(result.ok).toBe(false);
    expect(result.error?.code).toBe('unreachable');
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('never puts the password into an error message', () => {
    expect(connectionErrorOf(new Error(`bad password ${PASSWORD}!`), PASSWORD)).toEqual({ code: 'failed', message: 'bad password [redacted]!' });
  });
});
