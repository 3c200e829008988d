import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import WebSocket from 'ws';
import { hashPassword, needsRehash, verifyPassword } from '../../electron/core/auth/password-hash.js';
import { verifyChain } from '../../electron/core/audit/verify.js';
import { DATABASE_FILE, startCore, type Core } from '../../electron/core/core.js';
import { AuditRepository } from '../../electron/core/db/audit-repository.js';
import { startHost } from '../../electron/host/server.js';
import { accountListSchema, responseFrameSchema, type MethodInput, type MethodName, type ResponseFrame } from '../../shared/contract/index.js';
import { createTestAccounts, signInInput, testOperatorId, TEST_PASSWORD } from '../fixtures/sign-in-account.js';
import { makeTempDir } from '../fixtures/temp-dir.js';
import { signIn as hostSignIn } from './host-sign-in.js';

/**
 * Local accounts and sessions (issue 8, point 1) against a real core on a temp data folder: each
 * channel starts signed out, the caller's roles come from the channel's session at each call,
 * idle lock on an injected clock, lockouts counted in the database, the audit chain records it all.
 */
const ADMIN_PASSWORD = 'first-admin-pass-01';
const MINUTE = 60_000;

let now = Date.parse('2026-12-01T08:00:00Z');
const clock = (): number => now;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

function newDataDir(): string {
  const temp = makeTempDir('accounts-');
  cleanups.push(temp.remove);
  return path.join(temp.dir, 'data');
}

function start(dataDir: string, logLines: string[] = []): Core {
  const core = startCore({ dataDir, clock, logSink: { write: (line) => logLines.push(line) } });
  cleanups.push(() => core.close());
  return core;
}

/** One channel to the core, as a window's port or a tab's socket gets it. */
function channel(core: Core) {
  const answers = new Map<number, (frame: ResponseFrame) => void>();
  const session = core.openSession((text) => {
    const frame = responseFrameSchema.safeParse(JSON.parse(text));
    if (frame.success && frame.data.id !== null) answers.get(frame.data.id)?.(frame.data);
  });
  cleanups.push(() => session.close());
  let nextId = 1;
  return {
    call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<ResponseFrame['result']> {
      const id = nextId++;
      return new Promise((resolve) => {
        answers.set(id, (frame) => resolve(frame.result));
        session.receive(JSON.stringify({ type: 'request', id, method, input }));
      });
    },
  };
}
type Channel = ReturnType<typeof channel>;

const codeOf = (result: ResponseFrame['result']): string | null => (result.ok ? null : result.error.code);
const valueOf = (result: ResponseFrame['result']): unknown => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function firstAdmin(core: Core, operatorId = 'adm-001'): Promise<Channel> {
  const admin = channel(core);
  expect(valueOf(await admin.call('session:createFirstAdmin', { operatorId, name: '周敏', agency: 'customs', password: ADMIN_PASSWORD }))).toMatchObject({
    ok: true,
    session: { signedIn: true, operatorId, roles: ['admin'] },
  });
  return admin;
}

/** The audit log of the real database (accounts live there, whatever the mode), read beside the core. */
function realAudit(dataDir: string): AuditRepository {
  const connection = new BetterSqlite3(path.join(dataDir, DATABASE_FILE), { readonly: true });
  cleanups.push(() => {
    connection.close();
  });
  return new AuditRepository(connection);
}
const auditActions = (dataDir: string): string[] => realAudit(dataDir).entriesFor(null).map((entry) => entry.action);

describe('a channel starts signed out', () => {
  it('answers only app:info and the session calls until it signs in; status offers the first admin', async () => {
    const core = start(newDataDir());
    const tab = channel(core);
    expect(codeOf(await tab.call('tasks:list', {}))).toBe('unauthenticated');
    expect(codeOf(await tab.call('settings:getGateway', {}))).toBe('unauthenticated');
    expect(valueOf(await tab.call('app:info', {}))).toMatchObject({ roles: [], mode: 'training' });
    expect(valueOf(await tab.call('session:status', {}))).toEqual({ signedIn: false, firstRun: true, mode: 'training' });
    expect(valueOf(await tab.call('session:signIn', signInInput('op-8000-001')))).toMatchObject({ ok: true, session: { operatorId: 'op-8000-001', training: true } });
    expect(valueOf(await tab.call('tasks:list', {}))).toMatchObject({ rows: [] });
    expect(valueOf(await tab.call('session:signOut', {}))).toMatchObject({ signedIn: false });
    expect(codeOf(await tab.call('tasks:list', {}))).toBe('unauthenticated');
  });

  it('takes roles from each channel own session: an inspector and an admin on one core get different answers', async () => {
    const core = start(newDataDir());
    await createTestAccounts(core.accounts, [['inspector'], ['admin']]);
    const inspector = channel(core);
    const admin = channel(core);
    await inspector.call('session:signIn', signInInput(testOperatorId(['inspector'])));
    await admin.call('session:signIn', signInInput(testOperatorId(['admin'])));
    expect(codeOf(await inspector.call('settings:getGateway', {}))).toBe('forbidden');
    expect(codeOf(await inspector.call('accounts:list', {}))).toBe('forbidden');
    expect(valueOf(await admin.call('settings:getGateway', {}))).toMatchObject({ mode: 'training' });
    expect(valueOf(await inspector.call('app:info', {}))).toMatchObject({ roles: ['inspector'] });
    // An admin's change applies to the open session at its next call.
    valueOf(await admin.call('accounts:update', { operatorId: testOperatorId(['inspector']), roles: ['admin', 'inspector'] }));
    expect(valueOf(await inspector.call('settings:getGateway', {}))).toMatchObject({ mode: 'training' });
    valueOf(await admin.call('accounts:update', { operatorId: testOperatorId(['inspector']), disabled: true }));
    expect(codeOf(await inspector.call('tasks:list', {}))).toBe('unauthenticated');
  });

  it('answers a call sent right behind session:signIn after the sign-in settled', async () => {
    const core = start(newDataDir());
    const tab = channel(core);
    const [signedIn, list] = await Promise.all([tab.call('session:signIn', signInInput('op-8000-001')), tab.call('tasks:list', {})]);
    expect(valueOf(signedIn)).toMatchObject({ ok: true });
    expect(list.ok).toBe(true);
  });
});

describe('idle lock', () => {
  it('locks after idleLockMinutes without use; unlock needs the same account password', async () => {
    const dataDir = newDataDir();
    const core = start(dataDir);
    const admin = await firstAdmin(core);
    expect(valueOf(await admin.call('settings:setIdleLock', { minutes: 5 }))).toEqual({ minutes: 5 });
    now += 4 * MINUTE;
    expect((await admin.call('tasks:list', {})).ok).toBe(true);
    // session:status does not count as use: the renderer polls it.
    now += 4 * MINUTE;
    expect(valueOf(await admin.call('session:status', {}))).toMatchObject({ locked: false, idleLockMinutes: 5 });
    now += 1 * MINUTE;
    expect(valueOf(await admin.call('session:status', {}))).toMatchObject({ signedIn: true, locked: true });
    expect(codeOf(await admin.call('tasks:list', {}))).toBe('locked');
    expect(valueOf(await admin.call('session:unlock', { password: 'not-the-password' }))).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    expect(codeOf(await admin.call('tasks:list', {}))).toBe('locked');
    expect(valueOf(await admin.call('session:unlock', { password: ADMIN_PASSWORD }))).toMatchObject({ ok: true, session: { locked: false } });
    expect((await admin.call('tasks:list', {})).ok).toBe(true);
    expect(auditActions(dataDir)).toEqual(expect.arrayContaining(['session.idle_locked', 'session.unlocked', 'settings.idle_lock_changed']));
  });
});

describe('wrong passwords', () => {
  it('locks the account after 5 in a row for 15 minutes, across a core restart; logged and audited without the password', async () => {
    const dataDir = newDataDir();
    const logLines: string[] = [];
    let core = start(dataDir, logLines);
    await (await firstAdmin(core)).call('session:signOut', {});
    const tab = channel(core);
    const wrong = 'Wrong-Pass-Secret-77';
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expect(valueOf(await tab.call('session:signIn', { operatorId: 'adm-001', password: wrong }))).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    }
    const fifth = valueOf(await tab.call('session:signIn', { operatorId: 'adm-001', password: wrong }));
    expect(fifth).toEqual({ ok: false, refusal: { reason: 'account_locked', lockedUntil: new Date(now + 15 * MINUTE).toISOString() } });
    // Even the right password is refused while locked.
    expect(valueOf(await tab.call('session:signIn', { operatorId: 'adm-001', password: ADMIN_PASSWORD }))).toMatchObject({ ok: false, refusal: { reason: 'account_locked' } });

    await core.close();
    cleanups.pop();
    core = start(dataDir, logLines);
    const again = channel(core);
    expect(valueOf(await again.call('session:signIn', { operatorId: 'adm-001', password: ADMIN_PASSWORD }))).toMatchObject({ ok: false, refusal: { reason: 'account_locked' } });
    now += 15 * MINUTE;
    expect(valueOf(await again.call('session:signIn', { operatorId: 'adm-001', password: ADMIN_PASSWORD }))).toMatchObject({ ok: true });

    const actions = auditActions(dataDir);
    expect(actions.filter((action) => action === 'session.sign_in_refused')).toHaveLength(7);
    expect(actions.filter((action) => action === 'account.locked_out')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['account.created', 'session.signed_in', 'session.signed_out']));
    expect(verifyChain(realAudit(dataDir))).toMatchObject({ ok: true });
    const log = logLines.join('\n');
    expect(log).toContain('account locked out');
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(ADMIN_PASSWORD);
    const details = realAudit(dataDir).entriesFor(null).map((entry) => entry.details).join('\n');
    expect(details).not.toContain(wrong);
    expect(details).not.toContain(ADMIN_PASSWORD);
  });

  it('an unknown operator id and a wrong password get the same answer; an admin lifts a lockout', async () => {
    const core = start(newDataDir());
    const admin = await firstAdmin(core);
    const tab = channel(core);
    expect(valueOf(await tab.call('session:signIn', { operatorId: 'nobody', password: 'whatever-123' }))).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    for (let attempt = 0; attempt < 5; attempt += 1) await tab.call('session:signIn', { operatorId: 'op-8000-002', password: 'nope' });
    const listed = accountListSchema.parse(valueOf(await admin.call('accounts:list', {}))).accounts.find((account) => account.operatorId === 'op-8000-002');
    expect(listed?.lockedUntil).toBe(new Date(now + 15 * MINUTE).toISOString());
    valueOf(await admin.call('accounts:unlock', { operatorId: 'op-8000-002' }));
    expect(valueOf(await tab.call('session:signIn', signInInput('op-8000-002')))).toMatchObject({ ok: true });
  });

  it('verifyOfficer checks a second officer: right password, wrong ones counted, refused when disabled', async () => {
    const core = start(newDataDir());
    await createTestAccounts(core.accounts, [['inspector']]);
    const officer = testOperatorId(['inspector']);
    expect(await core.verifyOfficer(officer, TEST_PASSWORD)).toMatchObject({ ok: true, account: { operatorId: officer } });
    expect(await core.verifyOfficer(officer, 'wrong')).toEqual({ ok: false, refusal: { reason: 'wrong_credentials' } });
    expect(core.accounts.find(officer)?.failedAttempts).toBe(1);
    core.accounts.update(officer, { disabled: true }, 'test', () => undefined);
    expect(await core.verifyOfficer(officer, TEST_PASSWORD)).toEqual({ ok: false, refusal: { reason: 'disabled' } });
  });
});

describe('training accounts and the first admin', () => {
  it('training accounts exist from the first start and sign in only in training mode; a training session ends when the mode leaves training', async () => {
    const core = start(newDataDir());
    const trainee = channel(core);
    expect(valueOf(await trainee.call('session:signIn', signInInput('sup-8000-001')))).toMatchObject({ ok: true, session: { roles: ['supervisor'], training: true } });
    const admin = await firstAdmin(core);
    valueOf(await admin.call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: 'gw-password' }));
    expect(codeOf(await trainee.call('tasks:list', {}))).toBe('unauthenticated');
    const late = channel(core);
    expect(valueOf(await late.call('session:signIn', signInInput('op-8000-001')))).toEqual({ ok: false, refusal: { reason: 'training_only' } });
    expect(valueOf(await late.call('session:status', {}))).toEqual({ signedIn: false, firstRun: false, mode: 'gateway' });
  });

  it('creates the first administrator once; then the first-run form is refused and the training admin cannot change accounts or the gateway', async () => {
    const core = start(newDataDir());
    await firstAdmin(core);
    const other = channel(core);
    expect(codeOf(await other.call('session:createFirstAdmin', { operatorId: 'adm-002', name: '冒名', agency: 'customs', password: 'another-pass-123' }))).toBe('forbidden');
    await other.call('session:signIn', signInInput('admin-8000'));
    expect(codeOf(await other.call('accounts:create', { operatorId: 'sneaky', name: '冒名', roles: ['admin'], agency: 'customs', password: 'another-pass-123' }))).toBe('forbidden');
    expect(core.accounts.find('sneaky')).toBeNull();
    expect(codeOf(await other.call('settings:setGateway', { gatewayUrl: 'https://gw.example.cn', operatorId: 'op-7', password: 'gw-password' }))).toBe('forbidden');
    expect(codeOf(await channel(core).call('session:createFirstAdmin', { operatorId: 'x', name: 'y', agency: 'customs', password: 'short' }))).toBe('invalid_input');
  });
});

describe('the admin manages accounts', () => {
  it('creates, updates, resets; keeps the last enabled admin; nobody disables themselves; own password only with the old one', async () => {
    const dataDir = newDataDir();
    const core = start(dataDir);
    const admin = await firstAdmin(core);
    expect(codeOf(await admin.call('accounts:update', { operatorId: 'adm-001', disabled: true }))).toBe('forbidden');
    const lastAdmin = await admin.call('accounts:update', { operatorId: 'adm-001', roles: ['inspector'] });
    expect(codeOf(lastAdmin)).toBe('forbidden');
    // Read by a person: in both languages, with what to do instead.
    expect(lastAdmin.ok ? null : lastAdmin.error.message).toBe('这是最后一个启用的管理员账号，请先设立另一个管理员 / this is the last enabled administrator account: make another administrator first');
    expect(valueOf(await admin.call('accounts:create', { operatorId: 'op-101', name: '刘洋', roles: ['inspector'], agency: 'quarantine', password: 'inspector-pass-1' }))).toMatchObject({
      operatorId: 'op-101',
      roles: ['inspector'],
      disabled: false,
      training: false,
    });
    expect(codeOf(await admin.call('accounts:create', { operatorId: 'op-101', name: '重复', roles: ['inspector'], agency: 'customs', password: 'inspector-pass-1' }))).toBe('invalid_input');
    valueOf(await admin.call('accounts:update', { operatorId: 'op-101', roles: ['admin', 'inspector'] }));
    // Another enabled admin exists now: the first may give up the role.
    expect(valueOf(await admin.call('accounts:update', { operatorId: 'adm-001', roles: ['supervisor'] }))).toMatchObject({ roles: ['supervisor'] });
    expect(codeOf(await admin.call('accounts:list', {}))).toBe('forbidden');

    const inspector = channel(core);
    await inspector.call('session:signIn', { operatorId: 'op-101', password: 'inspector-pass-1' });
    expect(codeOf(await inspector.call('accounts:setPassword', { operatorId: 'op-101', newPassword: 'inspector-pass-2' }))).toBe('invalid_input');
    expect(codeOf(await inspector.call('accounts:setPassword', { operatorId: 'op-101', oldPassword: 'wrong-old', newPassword: 'inspector-pass-2' }))).toBe('forbidden');
    valueOf(await inspector.call('accounts:setPassword', { operatorId: 'op-101', oldPassword: 'inspector-pass-1', newPassword: 'inspector-pass-2' }));
    valueOf(await inspector.call('accounts:setPassword', { operatorId: 'adm-001', newPassword: 'reset-by-op-101' }));
    const again = channel(core);
    expect(valueOf(await again.call('session:signIn', { operatorId: 'adm-001', password: 'reset-by-op-101' }))).toMatchObject({ ok: true });
    expect(auditActions(dataDir)).toEqual(expect.arrayContaining(['account.created', 'account.updated', 'account.password_set']));
    expect(verifyChain(realAudit(dataDir))).toMatchObject({ ok: true });
  });
});

describe('the headless host', () => {
  it('two tabs over real WebSockets are two sessions: one signed in, the other still refused', async () => {
    const dataDir = newDataDir();
    const core = start(dataDir);
    const rendererDir = path.join(path.dirname(dataDir), 'renderer');
    fs.mkdirSync(rendererDir, { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
    const host = await startHost({ core, rendererDir });
    cleanups.push(() => host.close());
    const signedIn = await hostSignIn(host.url);
    const open = (): Promise<{ ask: (id: number, method: string, input: unknown) => Promise<ResponseFrame> }> =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(signedIn.bridge, { headers: { Cookie: signedIn.cookie }, origin: signedIn.origin });
        cleanups.push(() => ws.close());
        const waiting = new Map<number, (frame: ResponseFrame) => void>();
        ws.on('message', (data: Buffer) => {
          const frame = responseFrameSchema.parse(JSON.parse(data.toString('utf8')));
          if (frame.id !== null) waiting.get(frame.id)?.(frame);
        });
        ws.on('error', reject);
        ws.on('open', () =>
          resolve({
            ask: (id, method, input) =>
              new Promise((answered) => {
                waiting.set(id, answered);
                ws.send(JSON.stringify({ type: 'request', id, method, input }));
              }),
          }),
        );
      });
    const first = await open();
    const second = await open();
    expect((await first.ask(1, 'session:signIn', signInInput('op-8000-001'))).result).toMatchObject({ ok: true, value: { ok: true } });
    expect((await first.ask(2, 'tasks:count', {})).result.ok).toBe(true);
    expect((await second.ask(1, 'tasks:count', {})).result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});

describe('hash parameters', () => {
  it('a sign-in with a hash made under older parameters stores a new one with the current parameters', async () => {
    const core = start(newDataDir());
    core.accounts.create({ operatorId: 'op-old', name: '老账号', roles: ['inspector'], agency: 'customs', passwordHash: await hashPassword('old-params-pass', { N: 2 ** 10, r: 8, p: 1 }) }, 'test');
    expect(core.accounts.find('op-old')?.passwordHash).toMatch(/^scrypt\$1024\$/);
    expect(valueOf(await channel(core).call('session:signIn', { operatorId: 'op-old', password: 'old-params-pass' }))).toMatchObject({ ok: true });
    const stored = core.accounts.find('op-old')?.passwordHash ?? '';
    expect(needsRehash(stored)).toBe(false);
    expect(await verifyPassword('old-params-pass', stored)).toBe(true);
  });
});
